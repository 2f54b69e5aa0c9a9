import type { RecordedEvent } from '@warranty/event-store';
import type { DataSource } from 'typeorm';
import type { Projection } from './projection';
import { ProjectionRebuild, type RebuildLog, type RebuildProgress } from './rebuild';

/** The rebuilds this process started, by projection: the latest one's progress stays readable. */
export class ProjectionRebuilds {
  private readonly latest = new Map<string, RebuildProgress>();
  private readonly running = new Map<
    string,
    { rebuild: ProjectionRebuild; outcome: Promise<RebuildProgress> }
  >();

  constructor(
    private readonly dataSource: DataSource,
    private readonly log: RebuildLog,
    private readonly projections: Projection[],
    private readonly options: {
      upcast?: (event: RecordedEvent) => RecordedEvent;
      batchSize?: number;
    } = {},
  ) {}

  has(name: string): boolean {
    return this.projections.some((p) => p.name === name);
  }

  /** Only a projection that names its tables can be rebuilt: one with effects elsewhere cannot be replayed. */
  canRebuild(name: string): boolean {
    return this.projections.some((p) => p.name === name && (p.tables?.length ?? 0) > 0);
  }

  /**
   * Starts a rebuild once its lock is held and its fresh tables exist; the rest runs in the
   * background. Throws RebuildRunningError while another rebuild of the projection runs anywhere.
   */
  async start(
    name: string,
    onProgress?: (progress: RebuildProgress) => void,
  ): Promise<RebuildProgress> {
    const projection = this.projections.find((p) => p.name === name);
    if (!projection) throw new Error(`Unknown projection: ${name}`);
    const rebuild = await ProjectionRebuild.begin(this.dataSource, this.log, projection, {
      ...this.options,
      onProgress: (progress) => {
        this.latest.set(name, progress);
        onProgress?.(progress);
      },
    });
    this.latest.set(name, { ...rebuild.progress });
    const outcome = rebuild.run().finally(() => this.running.delete(name));
    this.running.set(name, { rebuild, outcome });
    return { ...rebuild.progress };
  }

  /** Resolves with the outcome of this process's current rebuild of the projection, if any. */
  async settled(name: string): Promise<RebuildProgress | undefined> {
    return (await this.running.get(name)?.outcome) ?? this.latest.get(name);
  }

  status(name: string): RebuildProgress | undefined {
    return this.latest.get(name);
  }

  /** Stops the rebuilds in flight after their current batch, so none is cut off mid-transaction. */
  async stop(): Promise<void> {
    const running = [...this.running.values()];
    for (const { rebuild } of running) rebuild.stop();
    await Promise.all(running.map(({ outcome }) => outcome));
  }
}
