import { Logger } from '@nestjs/common';
import {
  type EventFeed,
  type GlobalPosition,
  matchesFilter,
  type RecordedEvent,
  type StoreKind,
} from '@warranty/event-store';
import type { DataSource, EntityManager } from 'typeorm';
import { ProjectionCheckpoints } from './checkpoints';
import { type ColumnCache, FoldedRows } from './folded-rows';
import { type Failure, type ParkedEvent, ParkedEvents } from './parked-events';
import type { Projection, ReadOptions } from './projection';
import type { RowFold } from './row-fold';
import { shareLiveLock } from './rebuild-lock';
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
  /** Attempts at one event before its stream is parked; the failures in between resubscribe. */
  maxAttempts?: number;
  /** The newest position in the store, to measure lag; without it lag is unknown. */
  headPosition?: () => Promise<GlobalPosition | undefined>;
  /** Also tells another channel (the dead-letter topic on Kafka) that an event was parked. */
  onParked?: (projection: string, event: RecordedEvent, error: unknown) => Promise<void>;
}

export interface ProjectionStatus {
  name: string;
  position: GlobalPosition | undefined;
  /** The store's head minus the checkpoint (positions are sparse: 0 or not is what counts). */
  lag: bigint | undefined;
  /** How long ago the runner first saw a head this projection has still not reached; 0 when caught up. */
  behindMs: number;
  parked: ParkedEvent[];
}

export interface RedriveResult {
  applied: number;
  /** Still parked: the event that failed again and those behind it. */
  stillParked?: ParkedEvent;
}

interface Track {
  projection: Projection;
  subscription?: SupervisedSubscription;
}

const DEFAULT_RETRY: RetryPolicy = { initialDelayMs: 250, maxDelayMs: 30_000 };
const DEFAULT_MAX_ATTEMPTS = 5;
const WAIT_POLL_MS = 10;

/**
 * Runs projections from the event feed: one subscription per projection, the events of each feed
 * read handled in one transaction with the projection's bookkeeping. An event is applied once per stream revision, so
 * a redelivery is a no-op whether the feed is globally ordered (the store) or per partition (Kafka).
 * An event that fails maxAttempts times parks its stream (it and every later event of the stream
 * wait in projection_parked_events) and the projection carries on with the other streams.
 */
export class ProjectionRunner {
  private readonly tracks = new Map<string, Track>();
  private readonly checkpoints: ProjectionCheckpoints;
  private readonly logger: RunnerLogger;
  private readonly retry: RetryPolicy;
  private readonly parkedEvents: ParkedEvents;
  private readonly failures = new Map<string, Failure>();
  private readonly foldColumns: ColumnCache = new Map();
  private readonly behind = new Map<string, { head: GlobalPosition; seenAt: number }>();
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
    this.parkedEvents = new ParkedEvents(dataSource);
  }

  get projectionNames(): string[] {
    return [...this.tracks.keys()];
  }

  get projections(): Projection[] {
    return [...this.tracks.values()].map((track) => track.projection);
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
        batchHandler: (events) => this.applyBatch(projection, events),
        onGiveUp: (event, error, attempts) => this.feedGaveUp(projection, event, error, attempts),
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

  /** Each projection with its checkpoint, its lag behind the store and its parked streams. */
  async status(): Promise<ProjectionStatus[]> {
    const head = await this.options.headPosition?.();
    const parked = await this.parkedEvents.list();
    return Promise.all(
      this.projectionNames.map(async (name) => {
        const position = await this.checkpoints.load(name);
        return {
          name,
          position,
          ...(await this.lag(name, position, head)),
          parked: parked.filter((p) => p.projection === name),
        };
      }),
    );
  }

  /** Streams parked across all projections. */
  parkedCount(): Promise<number> {
    return this.parkedEvents.count();
  }

  /**
   * Applies a parked stream's events in order, after a fix; stops at the first that fails again,
   * which stays parked with its new error. Undefined when the stream is not parked.
   */
  async redrive(name: string, streamId: string): Promise<RedriveResult | undefined> {
    const { projection } = this.track(name);
    let applied = 0;
    for (;;) {
      let event: RecordedEvent | undefined;
      try {
        event = await this.dataSource.transaction(async (manager) => {
          await shareLiveLock(manager, name);
          const head = await this.parkedEvents.head(manager, name, streamId);
          if (!head) return undefined;
          await projection.handle(this.upcast(head), manager);
          await this.parkedEvents.release(manager, name, head);
          return head;
        });
      } catch (error) {
        const head = await this.dataSource.transaction((m) =>
          this.parkedEvents.head(m, name, streamId),
        );
        if (head) await this.parkedEvents.failedAgain(name, head, error);
        const stillParked = (await this.parkedEvents.list(name)).find(
          (p) => p.streamId === streamId,
        );
        return { applied, stillParked };
      }
      if (!event) break;
      applied++;
    }
    if (applied === 0) return undefined;
    this.logger.log(`${name}: re-drove ${applied} event(s) of ${streamId}`);
    return { applied };
  }

  /** A query's minPosition wait: bounded, and never silent when it times out. */
  async awaitRead(name: string, read: ReadOptions): Promise<void> {
    if (read.minPosition === undefined) return;
    if (await this.waitFor(name, read.minPosition)) return;
    read.onStale?.(await this.position(name));
  }

  private async lag(
    name: string,
    position: GlobalPosition | undefined,
    head: GlobalPosition | undefined,
  ): Promise<Pick<ProjectionStatus, 'lag' | 'behindMs'>> {
    if (head === undefined) return { lag: this.options.headPosition ? 0n : undefined, behindMs: 0 };
    if (await this.isCaughtUp(name, head)) {
      this.behind.delete(name);
      return { lag: 0n, behindMs: 0 };
    }
    let seen = this.behind.get(name);
    if (!seen || (await this.isCaughtUp(name, seen.head))) {
      seen = { head, seenAt: Date.now() };
      this.behind.set(name, seen);
    }
    return { lag: head - (position ?? 0n), behindMs: Date.now() - seen.seenAt };
  }

  private async apply(projection: Projection, event: RecordedEvent): Promise<void> {
    // A feed may deliver more than asked for (a broker topic): such events need no effect.
    if (!matchesFilter(event, projection.filter)) return;
    const key = `${projection.name}/${event.id}`;
    try {
      await this.dataSource.transaction(async (manager) => {
        await shareLiveLock(manager, projection.name);
        const parked = await this.parkedEvents.isParked(manager, projection.name, event.streamId);
        if (!(await this.checkpoints.advance(manager, projection.name, event))) return;
        if (parked) await this.parkedEvents.park(manager, projection.name, event);
        else await projection.handle(this.upcast(event), manager);
      });
      projection.committed?.();
      this.failures.delete(key);
    } catch (error) {
      const failure = this.failures.get(key) ?? { error, attempts: 0, firstFailedAt: new Date() };
      failure.error = error;
      failure.attempts++;
      if (failure.attempts < (this.options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS)) {
        this.failures.set(key, failure);
        throw error;
      }
      this.failures.delete(key);
      await this.park(projection, event, failure);
    }
  }

  /**
   * The events of one feed read in one transaction with the checkpoint. The revision guard makes
   * each event apply once however the batch was cut. When any event fails the batch rolls back and
   * its events go one transaction each, so only the failing event's stream is retried and parked.
   */
  private async applyBatch(projection: Projection, events: RecordedEvent[]): Promise<void> {
    const matching = events.filter((event) => matchesFilter(event, projection.filter));
    if (matching.length <= 1) {
      for (const event of matching) await this.apply(projection, event);
      return;
    }
    try {
      await this.dataSource.transaction(async (manager) => {
        await shareLiveLock(manager, projection.name);
        const streams = [...new Set(matching.map((event) => event.streamId))];
        const parked = await this.parkedEvents.parkedAmong(manager, projection.name, streams);
        const { fresh, record } = await this.checkpoints.claimRevisions(
          manager,
          projection.name,
          matching,
        );
        const handled: RecordedEvent[] = [];
        for (const event of fresh)
          if (!parked.has(event.streamId)) handled.push(event);
          else await this.parkedEvents.park(manager, projection.name, event);
        if (projection.rowFold) await this.applyFolded(projection.rowFold, handled, manager);
        else if (projection.handleBatch)
          await projection.handleBatch(
            handled.map((event) => this.upcast(event)),
            manager,
          );
        else for (const event of handled) await projection.handle(this.upcast(event), manager);
        const last = fresh.at(-1);
        if (last) {
          await record();
          await this.checkpoints.moveTo(manager, projection.name, last.position);
        }
      });
      projection.committed?.();
    } catch {
      for (const event of matching) await this.apply(projection, event);
      return;
    }
    if (this.failures.size > 0)
      for (const event of matching) this.failures.delete(`${projection.name}/${event.id}`);
  }

  /**
   * A batch for a projection that is a fold per stream: its rows read in one statement, folded in
   * memory and written in one or two, where handle() would send a statement per event.
   */
  private async applyFolded(
    fold: RowFold,
    events: RecordedEvent[],
    manager: EntityManager,
  ): Promise<void> {
    const rows = new FoldedRows(manager.queryRunner!, fold, 0, this.foldColumns);
    const upcast = events.map((event) => this.upcast(event));
    const keys = upcast.map((event) => fold.keyOf(event));
    await rows.load([...new Set(keys.filter((key) => key !== undefined))]);
    upcast.forEach((event, i) => {
      const key = keys[i];
      if (key !== undefined) rows.set(key, fold.apply(rows.get(key), event));
    });
    await rows.write();
  }

  /** The feed dead-lettered the event before the runner parked it: park it now, so it shows. */
  private async feedGaveUp(
    projection: Projection,
    event: RecordedEvent,
    error: unknown,
    attempts: number,
  ): Promise<void> {
    const key = `${projection.name}/${event.id}`;
    const failure = this.failures.get(key) ?? { error, attempts, firstFailedAt: new Date() };
    this.failures.delete(key);
    await this.park(projection, event, { ...failure, error, attempts }, false);
  }

  private async park(
    projection: Projection,
    event: RecordedEvent,
    failure: Failure,
    report = true,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await shareLiveLock(manager, projection.name);
      if (await this.checkpoints.advance(manager, projection.name, event))
        await this.parkedEvents.park(manager, projection.name, event, failure);
    });
    const reason = failure.error instanceof Error ? failure.error.message : String(failure.error);
    this.logger.error(
      `${projection.name}: parked ${event.streamId}@${event.revision} (${event.type}) after ${failure.attempts} attempts: ${reason}`,
    );
    if (!report) return;
    // The parked row is the record; the extra channel is best effort.
    await this.options
      .onParked?.(projection.name, event, failure.error)
      .catch((error: unknown) =>
        this.logger.error(
          `${projection.name}: could not report the parked event: ${String(error)}`,
        ),
      );
  }

  private upcast(event: RecordedEvent): RecordedEvent {
    return this.options.upcast?.(event) ?? event;
  }

  private track(name: string): Track {
    const track = this.tracks.get(name);
    if (!track) throw new Error(`Unknown projection: ${name}`);
    return track;
  }
}
