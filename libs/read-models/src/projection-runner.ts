import { Logger } from '@nestjs/common';
import {
  type EventFeed,
  type GlobalPosition,
  matchesFilter,
  type RecordedEvent,
} from '@warranty/event-store';
import type { DataSource } from 'typeorm';
import { ProjectionCheckpoints } from './checkpoints';
import type { Projection } from './projection';
import {
  type RetryPolicy,
  type RunnerLogger,
  SupervisedSubscription,
} from './supervised-subscription';

export interface ProjectionRunnerOptions {
  retry?: Partial<RetryPolicy>;
  logger?: RunnerLogger;
  /** Default bound for waitFor. */
  waitTimeoutMs?: number;
}

interface Track {
  projection: Projection;
  /** Last position whose effect is committed (or that needed none). */
  committed?: GlobalPosition;
  /** Last position the scout saw that this projection has to handle. */
  due?: GlobalPosition;
}

const SCOUT = 'read-models.scout';
const DEFAULT_RETRY: RetryPolicy = { initialDelayMs: 250, maxDelayMs: 30_000 };

const later = (a: GlobalPosition | undefined, b: GlobalPosition | undefined) =>
  a === undefined || (b !== undefined && b > a) ? b : a;

/**
 * Runs projections from the event feed: one subscription per projection, each event handled in
 * one transaction with the projection's checkpoint. An unfiltered "scout" subscription notes, for
 * every projection, the last position it must handle, so waitFor can tell a projection that is
 * behind from one that has nothing to do up to a position.
 */
export class ProjectionRunner {
  private readonly tracks = new Map<string, Track>();
  private readonly checkpoints: ProjectionCheckpoints;
  private readonly logger: RunnerLogger;
  private readonly retry: RetryPolicy;
  private subscriptions: SupervisedSubscription[] = [];
  private running = false;
  /** Last position the scout saw, of any stream. */
  private scanned?: GlobalPosition;
  private readonly waiters = new Set<() => void>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly feed: EventFeed,
    projections: Projection[],
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    for (const projection of projections) {
      if (this.tracks.has(projection.name) || projection.name === SCOUT)
        throw new Error(`Duplicate projection name: ${projection.name}`);
      this.tracks.set(projection.name, { projection });
    }
    this.checkpoints = new ProjectionCheckpoints(dataSource);
    this.logger = options.logger ?? new Logger(ProjectionRunner.name);
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
  }

  get projectionNames(): string[] {
    return [...this.tracks.keys()];
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      this.scanned = undefined;
      for (const track of this.tracks.values()) {
        track.committed = await this.checkpoints.load(track.projection.name);
        track.due = track.committed;
      }
    } catch (error) {
      this.running = false;
      throw error;
    }
    const stored = [...this.tracks.values()].map((t) => t.committed);
    const scoutStart = stored.includes(undefined)
      ? undefined
      : stored.reduce((a, b) => (b! < a! ? b : a));
    this.subscriptions = [
      this.supervise(
        SCOUT,
        () => this.scanned ?? scoutStart,
        undefined,
        async (event) => this.scout(event),
      ),
      ...[...this.tracks.values()].map((track) =>
        this.supervise(
          track.projection.name,
          () => this.resumePoint(track),
          track.projection.filter,
          (event) => this.apply(track, event),
        ),
      ),
    ];
    for (const subscription of this.subscriptions) subscription.start();
    this.logger.log(
      `Started ${this.projectionNames
        .map((n) => `${n} after ${this.tracks.get(n)!.committed ?? 'the start'}`)
        .join(', ')}`,
    );
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    await Promise.all(this.subscriptions.map((s) => s.stop()));
    this.subscriptions = [];
    this.notify();
  }

  /** The last position this projection has handled (or had nothing to do for), in this process. */
  position(name: string): GlobalPosition | undefined {
    return this.track(name).committed;
  }

  /** True when every event up to minPosition that concerns the projection is in its tables. */
  isCaughtUp(name: string, minPosition: GlobalPosition): boolean {
    const { committed, due } = this.track(name);
    if (committed !== undefined && committed >= minPosition) return true;
    if (this.scanned === undefined || this.scanned < minPosition) return false;
    return due === undefined || (committed !== undefined && committed >= due);
  }

  /** Read-your-writes: resolves true once caught up to minPosition, false at the timeout. */
  waitFor(name: string, minPosition: GlobalPosition, timeoutMs?: number): Promise<boolean> {
    if (this.isCaughtUp(name, minPosition)) return Promise.resolve(true);
    if (!this.running) return Promise.resolve(false);
    return new Promise((resolve) => {
      const finish = (result: boolean) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(result);
      };
      const check = () => {
        if (this.isCaughtUp(name, minPosition)) finish(true);
        else if (!this.running) finish(false);
      };
      const timer = setTimeout(
        () => finish(false),
        timeoutMs ?? this.options.waitTimeoutMs ?? 2000,
      );
      this.waiters.add(check);
    });
  }

  private supervise(
    name: string,
    resumeAfter: () => Promise<GlobalPosition | undefined> | GlobalPosition | undefined,
    filter: Projection['filter'] | undefined,
    handler: (event: RecordedEvent) => Promise<void>,
  ): SupervisedSubscription {
    return new SupervisedSubscription(this.feed, {
      name,
      filter,
      resumeAfter,
      handler,
      retry: this.retry,
      logger: this.logger,
    });
  }

  private async resumePoint(track: Track): Promise<GlobalPosition | undefined> {
    const stored = await this.checkpoints.load(track.projection.name);
    this.advanceTo(track, stored);
    return stored;
  }

  private async apply(track: Track, event: RecordedEvent): Promise<void> {
    const { projection } = track;
    // A feed may deliver more than asked for (a broker topic): such events need no effect.
    if (matchesFilter(event, projection.filter)) {
      await this.dataSource.transaction(async (manager) => {
        if (await this.checkpoints.advance(manager, projection.name, event.position))
          await projection.handle(event, manager);
      });
    }
    this.advanceTo(track, event.position);
  }

  private async scout(event: RecordedEvent): Promise<void> {
    for (const track of this.tracks.values())
      if (matchesFilter(event, track.projection.filter))
        track.due = later(track.due, event.position);
    this.scanned = later(this.scanned, event.position);
    this.notify();
  }

  private advanceTo(track: Track, position: GlobalPosition | undefined): void {
    track.committed = later(track.committed, position);
    this.notify();
  }

  private notify(): void {
    for (const check of [...this.waiters]) check();
  }

  private track(name: string): Track {
    const track = this.tracks.get(name);
    if (!track) throw new Error(`Unknown projection: ${name}`);
    return track;
  }
}
