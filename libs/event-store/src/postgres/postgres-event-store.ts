import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Pool } from 'pg';
import { migrate, type StatementGroups } from '@warranty/postgres';
import { chainOntoHead, type StreamHead } from '../chain';
import { InvalidAppendError, StreamNotFoundError, WrongExpectedRevisionError } from '../errors';
import type { EventStore } from '../ports';
import type {
  AppendResult,
  EventToAppend,
  ExpectedRevision,
  GlobalPosition,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
} from '../types';
import { EVENT_COLUMNS, type EventRow, toRecordedEvent } from './row-mapping';
import {
  eventStoreMigrations,
  MAX_EVENTS_PER_APPEND,
  NOTIFY_CHANNEL,
  VISIBLE_BOUND_SQL,
  WRITER_ROLE,
} from './schema';
import { readHead } from './insert-events';
import { AppendBatches, HeadMovedError } from './append-batches';
import { chainLegacyEvents } from './legacy-chaining';
import { CoalescedNotifier } from './coalesced-notifier';
import { StreamHeads } from './stream-heads';
import { groupedStreamReads, type StreamTail } from './stream-reads';
import { visiblePage } from './visible-page';
import { translatePgError } from './postgres-errors';

const UNIQUE_VIOLATION = '23505';
// Enough for every one of dozens of concurrent 'any' writers to one stream to get its turn.
const ANY_REVISION_ATTEMPTS = 64;
const HEAD_CACHE_SIZE = 10_000;
// Other processes' feeds hear of appends at most this late; this process's feeds at once.
const NOTIFY_INTERVAL_MS = 20;
/** A read found no stream: an 'any' append chains from genesis without reading the head again. */
const NO_EVENTS_YET: StreamHead = Object.freeze({ revision: -1, hash: null });

export interface PostgresEventStoreOptions {
  connectionString: string;
  poolSize?: number;
  /**
   * The role the pool's connections take at startup; it may read and insert events only. Null
   * keeps the login role, for a deployment that logs in as a role with those rights already.
   */
  writerRole?: string | null;
  /** Progress of the one-time chaining of legacy events. */
  log?: (line: string) => void;
}

/** What an append committed through this instance wrote: enough to tell which readers care. */
export interface AppendedHere {
  streamId: string;
  types: string[];
}

export class PostgresEventStore implements EventStore {
  readonly kind = 'postgres';
  /** The payload of this instance's notifications, so its own feeds skip what they heard in-process. */
  readonly instanceId = randomUUID();
  private readonly heads = new StreamHeads(HEAD_CACHE_SIZE);
  private readonly notifier: CoalescedNotifier;
  private readonly batches: AppendBatches;
  private readonly reads: StatementGroups<StreamTail, EventRow[]>;
  private readonly appendedHere = new EventEmitter();

  private constructor(readonly pool: Pool) {
    this.batches = new AppendBatches(pool, this.heads);
    this.reads = groupedStreamReads(pool);
    this.appendedHere.setMaxListeners(0);
    this.notifier = new CoalescedNotifier(
      () => pool.query(`SELECT pg_notify('${NOTIFY_CHANNEL}', $1)`, [this.instanceId]),
      NOTIFY_INTERVAL_MS,
    );
  }

  /** Applies the event store's migrations as the login role, then opens the writer pool. */
  static async connect(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const owner = new Pool({ connectionString: options.connectionString, max: 1 });
    owner.on('error', () => undefined);
    try {
      const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
      await migrate(owner, 'event_store', eventStoreMigrations.slice(0, 1));
      await chainLegacyEvents(owner, log);
      await migrate(owner, 'event_store', eventStoreMigrations);
    } catch (error) {
      throw translatePgError(error);
    } finally {
      await owner.end();
    }
    const role = options.writerRole === undefined ? WRITER_ROLE : options.writerRole;
    const pool = new Pool({
      connectionString: options.connectionString,
      max: options.poolSize ?? 20,
      ...(role ? { options: `-c role=${role}` } : {}),
    });
    pool.on('error', () => undefined); // idle-client errors surface on the next query instead
    return new PostgresEventStore(pool);
  }

  async append(
    streamId: string,
    events: EventToAppend[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    if (events.length === 0) throw new InvalidAppendError('An append needs at least one event');
    if (events.length > MAX_EVENTS_PER_APPEND) {
      throw new InvalidAppendError(`An append takes at most ${MAX_EVENTS_PER_APPEND} events`);
    }
    for (let attempt = 1; ; attempt++) {
      const chained = chainOntoHead(
        streamId,
        expected,
        await this.headFor(streamId, expected),
        events,
      );
      try {
        const result = await this.batches.write(streamId, chained);
        this.notifier.appended();
        this.appendedHere.emit('appended', { streamId, types: events.map((e) => e.type) });
        return result;
      } catch (error) {
        this.heads.forget(streamId);
        const code = (error as { code?: string }).code;
        const constraint = (error as { constraint?: string }).constraint;
        if (code === UNIQUE_VIOLATION && constraint === 'events_event_id_key') {
          throw new InvalidAppendError(`An event id in this append was already used`);
        }
        const revisionTaken =
          constraint === 'events_stream_revision' || error instanceof HeadMovedError;
        if (!revisionTaken) throw translatePgError(error);
        // Another writer, or one our head cache had not seen, holds the revision: re-read the head.
        if ((expected === 'any' || expected === 'stream_exists') && attempt < ANY_REVISION_ATTEMPTS)
          continue;
        throw new WrongExpectedRevisionError(
          streamId,
          expected,
          await this.currentRevision(streamId),
        );
      }
    }
  }

  /**
   * The head the append chains onto. A new stream needs no query (revision 0 is refused if taken),
   * nor does an 'any' append to a stream a read found empty; a cached head that fits the
   * expectation saves one; anything else is read.
   */
  private async headFor(
    streamId: string,
    expected: ExpectedRevision,
  ): Promise<StreamHead | undefined> {
    if (expected === 'no_stream') return undefined;
    const cached = this.heads.get(streamId);
    if (cached === NO_EVENTS_YET) {
      // An 'any' append may start the stream; the other expectations must see the database.
      if (expected === 'any') return undefined;
    } else if (cached && (typeof expected !== 'number' || expected === cached.revision)) {
      return cached;
    }
    try {
      const head = await readHead(this.pool, streamId);
      if (head) this.heads.remember(streamId, head);
      return head;
    } catch (error) {
      throw translatePgError(error);
    }
  }

  /** A read backwards or of at most maxCount events: alone, as it is rare. */
  private readRange(streamId: string, options: ReadStreamOptions): Promise<EventRow[]> {
    const backwards = options.direction === 'backwards';
    const params: unknown[] = [streamId];
    let where = 'stream_id = $1';
    if (options.fromRevision !== undefined) {
      params.push(options.fromRevision);
      where += backwards ? ` AND revision <= $2` : ` AND revision >= $2`;
    }
    params.push(options.maxCount ?? null);
    return this.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM event_store.events WHERE ${where}
       ORDER BY revision ${backwards ? 'DESC' : 'ASC'} LIMIT $${params.length}`,
      params,
    );
  }

  private async currentRevision(streamId: string): Promise<number | 'no_stream'> {
    const rows = await this.query<{ revision: string | null }>(
      'SELECT max(revision) AS revision FROM event_store.events WHERE stream_id = $1',
      [streamId],
    );
    return rows[0].revision === null ? 'no_stream' : Number(rows[0].revision);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const rows =
      backwards || options.maxCount !== undefined
        ? await this.readRange(streamId, options)
        : await this.reads
            .submit({ streamId, fromRevision: options.fromRevision ?? 0 })
            .catch((error: unknown) => {
              throw translatePgError(error);
            });
    // Nothing at all from an unbounded read means no stream; otherwise the range may just be empty.
    const unbounded = options.fromRevision === undefined && options.maxCount !== 0;
    if (
      rows.length === 0 &&
      (unbounded || (await this.currentRevision(streamId)) === 'no_stream')
    ) {
      this.heads.remember(streamId, NO_EVENTS_YET);
      throw new StreamNotFoundError(streamId);
    }
    const events = rows.map(toRecordedEvent);
    // A read that reached the end of the stream saw its head: the append after it needs no query.
    const head = backwards
      ? options.fromRevision === undefined && events[0]
      : (options.maxCount === undefined || events.length < options.maxCount) && events.at(-1);
    if (head) {
      const hash = head.metadata.hash;
      this.heads.remember(streamId, {
        revision: head.revision,
        hash: typeof hash === 'string' ? hash : null,
      });
    }
    return events;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return (await this.readVisible(options)).events;
  }

  /**
   * Reads committed events below the visibility bound. When fewer than maxCount come back, the
   * log up to `bound` (exclusive) has been scanned completely and will never change.
   */
  async readVisible(
    options: ReadAllOptions = {},
  ): Promise<{ events: RecordedEvent[]; bound: GlobalPosition }> {
    const { sql, params } = visiblePage(options);
    const rows = await this.query<EventRow & { bound: string }>(sql, params);
    const bound = BigInt(rows[0].bound);
    return { events: rows.filter((r) => r.position !== null).map(toRecordedEvent), bound };
  }

  async headPosition(): Promise<GlobalPosition | undefined> {
    const rows = await this.query<{ position: string | null }>(
      `SELECT max(position) AS position FROM event_store.events WHERE position < ${VISIBLE_BOUND_SQL}`,
    );
    return rows[0].position === null ? undefined : BigInt(rows[0].position);
  }

  async newestPosition(): Promise<GlobalPosition | undefined> {
    const rows = await this.query<{ position: string | null }>(
      'SELECT max(position) AS position FROM event_store.events',
    );
    return rows[0].position === null ? undefined : BigInt(rows[0].position);
  }

  /** Calls `listener` after each append this instance commits; returns the unsubscribe. */
  onAppended(listener: (appended: AppendedHere) => void): () => void {
    this.appendedHere.on('appended', listener);
    return () => void this.appendedHere.off('appended', listener);
  }

  async close(): Promise<void> {
    this.notifier.stop();
    await this.pool.end();
  }

  private async query<T extends object>(sql: string, params: unknown[] = []): Promise<T[]> {
    try {
      return (await this.pool.query<T>(sql, params)).rows;
    } catch (error) {
      throw translatePgError(error);
    }
  }
}
