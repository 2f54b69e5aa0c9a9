import { Logger } from '@nestjs/common';
import {
  type EventFeed,
  type GlobalPosition,
  matchesFilter,
  type RecordedEvent,
  type StoreKind,
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
  /** Lifts a stored event to the current version of its type (the contracts' upcasters). */
  upcast?: (event: RecordedEvent) => RecordedEvent;
  /** The event store the feed's positions come from (EventStore.kind); default postgres. */
  storeKind?: StoreKind;
}

interface Track {
  projection: Projection;
  subscription?: SupervisedSubscription;
}

const DEFAULT_RETRY: RetryPolicy = { initialDelayMs: 250, maxDelayMs: 30_000 };
const WAIT_POLL_MS = 10;

/**
 * Runs projections from the event feed: one subscription per projection, each event handled in one
 * transaction with the projection's bookkeeping. An event is applied once per stream revision, so
 * a redelivery is a no-op whether the feed is globally ordered (the store) or per partition (Kafka).
 */
export class ProjectionRunner {
  private readonly tracks = new Map<string, Track>();
  private readonly checkpoints: ProjectionCheckpoints;
  private readonly logger: RunnerLogger;
  private readonly retry: RetryPolicy;
  private running = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly feed: EventFeed,
    projections: Projection[],
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    for (const projection of projections) {
      if (this.tracks.has(projection.name))
        throw new Error(`Duplicate projection name: ${projection.name}`);
      this.tracks.set(projection.name, { projection });
    }
    this.checkpoints = new ProjectionCheckpoints(dataSource, options.storeKind);
    this.logger = options.logger ?? new Logger(ProjectionRunner.name);
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
  }

  get projectionNames(): string[] {
    return [...this.tracks.keys()];
  }

  async start(): Promise<void> {
    if (this.running) return;
    await this.checkpoints.verifyStoreKind(this.projectionNames);
    this.running = true;
    for (const track of this.tracks.values()) {
      const { projection } = track;
      track.subscription = new SupervisedSubscription(this.feed, {
        name: projection.name,
        filter: projection.filter,
        resumeAfter: () => this.checkpoints.load(projection.name),
        handler: (event) => this.apply(projection, event),
        retry: this.retry,
        logger: this.logger,
      });
      track.subscription.start();
    }
    this.logger.log(`Started projections ${this.projectionNames.join(', ')}`);
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    await Promise.all([...this.tracks.values()].map((t) => t.subscription?.stop()));
  }

  /** The last position whose effect this projection has committed, from its checkpoint table. */
  position(name: string): Promise<GlobalPosition | undefined> {
    this.track(name);
    return this.checkpoints.load(name);
  }

  /** True when every event up to minPosition that concerns the projection is in its tables. */
  async isCaughtUp(name: string, minPosition: GlobalPosition): Promise<boolean> {
    return (await this.track(name).subscription?.caughtUpTo(minPosition)) ?? false;
  }

  /** Read-your-writes: resolves true once caught up to minPosition, false at the timeout. */
  async waitFor(name: string, minPosition: GlobalPosition, timeoutMs?: number): Promise<boolean> {
    const deadline = Date.now() + (timeoutMs ?? this.options.waitTimeoutMs ?? 2000);
    for (;;) {
      if (await this.isCaughtUp(name, minPosition)) return true;
      if (!this.running || Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_MS));
    }
  }

  private async apply(projection: Projection, event: RecordedEvent): Promise<void> {
    // A feed may deliver more than asked for (a broker topic): such events need no effect.
    if (!matchesFilter(event, projection.filter)) return;
    await this.dataSource.transaction(async (manager) => {
      if (await this.checkpoints.advance(manager, projection.name, event))
        await projection.handle(this.options.upcast?.(event) ?? event, manager);
    });
  }

  private track(name: string): Track {
    const track = this.tracks.get(name);
    if (!track) throw new Error(`Unknown projection: ${name}`);
    return track;
  }
}
