import type { GlobalPosition, ReadAllOptions, RecordedEvent } from '@warranty/event-store';
import type { DataSource, QueryRunner } from 'typeorm';
import { FoldedRows } from './folded-rows';
import type { Projection } from './projection';
import { liveLockKey, rebuildLockKey } from './rebuild-lock';
import { ShadowTables } from './shadow-tables';
import { StatementBatch } from './statement-batch';

/** The global log, read from position zero. */
export interface RebuildLog {
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  headPosition(): Promise<GlobalPosition | undefined>;
}

export type RebuildState = 'running' | 'swapped' | 'failed';

export interface RebuildProgress {
  projection: string;
  state: RebuildState;
  /** Events applied to the fresh tables so far. */
  applied: number;
  position: GlobalPosition | undefined;
  /** The store's head when last looked at. */
  head: GlobalPosition | undefined;
  eventsPerSecond: number;
  /** Unknown until some of the log has been read. */
  etaSeconds: number | undefined;
  startedAt: Date;
  finishedAt?: Date;
  error?: string;
}

/** Another rebuild of the same projection holds its lock, in this process or another. */
export class RebuildRunningError extends Error {
  constructor(readonly projection: string) {
    super(`A rebuild of ${projection} is already running`);
    this.name = 'RebuildRunningError';
  }
}

export interface RebuildOptions {
  upcast?: (event: RecordedEvent) => RecordedEvent;
  /** Events per read and per transaction. */
  batchSize?: number;
  onProgress?: (progress: RebuildProgress) => void;
  /** A folded table's rows kept in memory between batches; more are read back when needed. */
  rowsKept?: number;
  /** How long the swap may wait for the live tables' locks before the rebuild fails instead. */
  swapLockTimeoutMs?: number;
}

const DEFAULT_BATCH = 20_000;
const STATEMENTS_PER_TRIP = 500;
// Enough to keep a stream's row between batches while its events are near each other in the log.
const DEFAULT_ROWS_KEPT = 100_000;
/** Every query of a live table queues behind a swap that waits for its lock, so the wait is short. */
const DEFAULT_SWAP_LOCK_TIMEOUT_MS = 5_000;
const LOCK_NOT_AVAILABLE = '55P03';

const describe = (event: RecordedEvent) => `${event.streamId}@${event.revision} (${event.type})`;

function failed(what: string, error: unknown): Error {
  return new Error(`${what} failed: ${error instanceof Error ? error.message : String(error)}`);
}

/**
 * One rebuild of one projection: replays the log from position zero into fresh copies of its
 * tables while the live tables keep serving, then, holding the live lock, applies the last events
 * and swaps the tables, the revision guard and the checkpoint in one transaction.
 */
export class ProjectionRebuild {
  readonly progress: RebuildProgress;
  private readonly revisions = new Map<string, number>();
  private readonly shadow: ShadowTables;
  private readonly batchSize: number;
  private readonly swapLockTimeoutMs: number;
  private readonly folded?: FoldedRows;
  /** The next page, read while the one before it is applied. */
  private ahead?: { after: GlobalPosition | undefined; page: Promise<RecordedEvent[]> };
  private startPosition: GlobalPosition | undefined;
  private stopping = false;

  private constructor(
    private readonly connection: QueryRunner,
    private readonly log: RebuildLog,
    private readonly projection: Projection,
    private readonly options: RebuildOptions,
  ) {
    this.shadow = new ShadowTables(connection, projection.name, projection.tables ?? []);
    this.batchSize = options.batchSize ?? DEFAULT_BATCH;
    this.swapLockTimeoutMs = Math.max(
      1,
      Math.trunc(options.swapLockTimeoutMs ?? DEFAULT_SWAP_LOCK_TIMEOUT_MS),
    );
    if (projection.rowFold)
      this.folded = new FoldedRows(
        connection,
        projection.rowFold,
        options.rowsKept ?? DEFAULT_ROWS_KEPT,
      );
    this.progress = {
      projection: projection.name,
      state: 'running',
      applied: 0,
      position: undefined,
      head: undefined,
      eventsPerSecond: 0,
      etaSeconds: undefined,
      startedAt: new Date(),
    };
  }

  /** Takes the projection's rebuild lock and creates the fresh tables; throws RebuildRunningError. */
  static async begin(
    dataSource: DataSource,
    log: RebuildLog,
    projection: Projection,
    options: RebuildOptions = {},
  ): Promise<ProjectionRebuild> {
    if (!projection.tables?.length)
      throw new Error(`${projection.name} does not name its tables, so it cannot be rebuilt`);
    const connection = dataSource.createQueryRunner();
    await connection.connect();
    const [{ locked }] = (await connection.query(
      `SELECT pg_try_advisory_lock(hashtext($1)) AS locked`,
      [rebuildLockKey(projection.name)],
    )) as Array<{ locked: boolean }>;
    if (!locked) {
      await connection.release();
      throw new RebuildRunningError(projection.name);
    }
    const rebuild = new ProjectionRebuild(connection, log, projection, options);
    try {
      await rebuild.shadow.create();
    } catch (error) {
      await rebuild.finish(error);
      throw error;
    }
    return rebuild;
  }

  /** Replays, swaps and releases the lock; resolves with the final progress, never rejects. */
  async run(): Promise<RebuildProgress> {
    try {
      this.progress.head = await this.log.headPosition();
      while ((await this.applyBatch()) === this.batchSize)
        if (this.stopping)
          throw new Error('stopped before it caught up (the process is shutting down)');
      await this.shadow.complete();
      await this.swap();
      this.progress.state = 'swapped';
      await this.finish();
    } catch (error) {
      await this.finish(error);
    }
    return this.progress;
  }

  /** Gives up after the batch in hand: the copies are dropped, the live tables stay. */
  stop(): void {
    this.stopping = true;
  }

  private async applyBatch(): Promise<number> {
    const events = await this.read(this.progress.position);
    if (events.length === this.batchSize) this.readAhead(events.at(-1)!.position);
    if (events.length === 0) return 0;
    await this.connection.startTransaction();
    try {
      // The copies are unlogged until complete() and dropped if this process dies: no flush to wait for.
      await this.connection.query('SET LOCAL synchronous_commit = off');
      await this.shadow.writeToShadow();
      await this.applyAll(events);
      await this.connection.commitTransaction();
    } catch (error) {
      await this.connection.rollbackTransaction();
      throw error;
    }
    this.report();
    return events.length;
  }

  /** The page after `after`: the one read ahead when it starts there. */
  private async read(after: GlobalPosition | undefined): Promise<RecordedEvent[]> {
    const ahead = this.ahead;
    this.ahead = undefined;
    if (ahead && ahead.after === after) return ahead.page;
    await ahead?.page.catch(() => undefined);
    return this.log.readAll({ after, maxCount: this.batchSize, filter: this.projection.filter });
  }

  private readAhead(after: GlobalPosition): void {
    const page = this.log.readAll({
      after,
      maxCount: this.batchSize,
      filter: this.projection.filter,
    });
    // Awaited, or dropped by read(), later: not an unhandled rejection meanwhile.
    page.catch(() => undefined);
    this.ahead = { after, page };
  }

  private async applyAll(events: RecordedEvent[]): Promise<void> {
    if (this.folded) return this.applyFolded(events, this.folded);
    const batch = this.projection.writesOnly ? new StatementBatch(this.connection) : undefined;
    const manager = batch?.manager ?? this.connection.manager;
    let first: RecordedEvent | undefined;
    for (const event of events) {
      const known = this.revisions.get(event.streamId);
      if (known !== undefined && known >= event.revision) continue;
      first ??= event;
      try {
        await this.projection.handle(this.options.upcast?.(event) ?? event, manager);
        if (batch && batch.size >= STATEMENTS_PER_TRIP) await batch.flush();
      } catch (error) {
        throw failed(
          batch ? `an event from ${describe(first)} to ${describe(event)}` : describe(event),
          error,
        );
      }
      if (batch && batch.size === 0) first = undefined;
      this.revisions.set(event.streamId, event.revision);
      this.progress.applied++;
      this.progress.position = event.position;
      this.startPosition ??= event.position;
    }
    try {
      await batch?.flush();
    } catch (error) {
      throw failed(`an event from ${describe(first!)} to ${describe(events.at(-1)!)}`, error);
    }
  }

  /** Folds each event into its row in memory, then writes the batch's rows in a few statements. */
  private async applyFolded(events: RecordedEvent[], rows: FoldedRows): Promise<void> {
    const { fold } = rows;
    const forgotten = new Set<string>();
    for (const event of events) {
      const known = this.revisions.get(event.streamId);
      if (known === undefined || known >= event.revision) continue;
      const key = fold.keyOf(event);
      if (key !== undefined && !rows.has(key)) forgotten.add(key);
    }
    await rows.load([...forgotten]);
    let first: RecordedEvent | undefined;
    for (const recorded of events) {
      const known = this.revisions.get(recorded.streamId);
      if (known !== undefined && known >= recorded.revision) continue;
      const event = this.options.upcast?.(recorded) ?? recorded;
      first ??= event;
      try {
        const key = fold.keyOf(event);
        if (key !== undefined) rows.set(key, fold.apply(rows.get(key), event));
      } catch (error) {
        throw failed(describe(event), error);
      }
      this.revisions.set(event.streamId, event.revision);
      this.progress.applied++;
      this.progress.position = event.position;
      this.startPosition ??= event.position;
    }
    try {
      await rows.write();
    } catch (error) {
      throw failed(`an event from ${describe(first!)} to ${describe(events.at(-1)!)}`, error);
    }
  }

  /** The last events and the swap in one transaction, with the live projection held still. */
  private async swap(): Promise<void> {
    await this.connection.startTransaction();
    try {
      await this.connection.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [
        liveLockKey(this.projection.name),
      ]);
      await this.connection.query(`SET LOCAL lock_timeout = ${this.swapLockTimeoutMs}`);
      await this.shadow.writeToShadow();
      // Only what is read while the live lock is held counts as the last events.
      await this.ahead?.page.catch(() => undefined);
      this.ahead = undefined;
      for (;;) {
        const events = await this.read(this.progress.position);
        await this.applyAll(events);
        if (events.length < this.batchSize) break;
      }
      await this.shadow.swapIn();
      await this.moveBookkeeping();
      await this.connection.commitTransaction();
    } catch (error) {
      await this.connection.rollbackTransaction();
      if ((error as { code?: string }).code !== LOCK_NOT_AVAILABLE) throw error;
      throw new Error(
        `the swap could not lock the live tables of ${this.projection.name} within ${this.swapLockTimeoutMs} ms: a long query or transaction holds them. Nothing changed; rebuild again once it has finished`,
      );
    }
    this.report();
    await this.shadow.dropRetired();
  }

  /** The revision guard and checkpoint now describe the fresh tables; nothing stays parked. */
  private async moveBookkeeping(): Promise<void> {
    const name = this.projection.name;
    await this.connection.query(`DELETE FROM projection_stream_revisions WHERE projection = $1`, [
      name,
    ]);
    const streams = [...this.revisions.keys()];
    for (let i = 0; i < streams.length; i += 50_000) {
      const chunk = streams.slice(i, i + 50_000);
      await this.connection.query(
        `INSERT INTO projection_stream_revisions (projection, stream_id, revision)
         SELECT $1, s, r FROM unnest($2::text[], $3::bigint[]) AS t(s, r)`,
        [name, chunk, chunk.map((s) => this.revisions.get(s))],
      );
    }
    await this.connection.query(`DELETE FROM projection_parked_events WHERE projection = $1`, [
      name,
    ]);
    if (this.progress.position === undefined) return;
    await this.connection.query(
      `INSERT INTO projection_checkpoints (name, position, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = now()`,
      [name, this.progress.position.toString()],
    );
  }

  private report(): void {
    const { progress } = this;
    const seconds = Math.max((Date.now() - progress.startedAt.getTime()) / 1000, 0.001);
    progress.eventsPerSecond = Math.round(progress.applied / seconds);
    if (progress.head !== undefined && progress.position !== undefined) {
      if (progress.position > progress.head) progress.head = progress.position;
      const done = Number(progress.position - (this.startPosition ?? 0n)) + 1;
      const left = Number(progress.head - progress.position);
      progress.etaSeconds = Math.round((left * seconds) / done);
    }
    this.options.onProgress?.({ ...progress });
  }

  private async finish(error?: unknown): Promise<void> {
    if (error !== undefined) {
      this.progress.state = 'failed';
      this.progress.error = error instanceof Error ? error.message : String(error);
      await this.shadow.drop().catch(() => undefined);
    }
    this.progress.finishedAt = new Date();
    this.options.onProgress?.({ ...this.progress });
    await this.connection
      .query(`SELECT pg_advisory_unlock(hashtext($1))`, [rebuildLockKey(this.projection.name)])
      .catch(() => undefined);
    await this.connection.release();
  }
}
