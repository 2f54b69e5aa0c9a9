import { Pool, type PoolClient } from 'pg';
import { migrate } from '@warranty/postgres';
import { chainOntoHead } from '../chain';
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
import { insertChained, readHead } from './insert-events';
import { chainLegacyEvents } from './legacy-chaining';
import { filterClauses } from './sql-filter';
import { translatePgError } from './postgres-errors';

const UNIQUE_VIOLATION = '23505';
// Enough for every one of dozens of concurrent 'any' writers to one stream to get its turn.
const ANY_REVISION_ATTEMPTS = 64;
const DEFAULT_PAGE = 1000;

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

export class PostgresEventStore implements EventStore {
  readonly kind = 'postgres';
  private constructor(readonly pool: Pool) {}

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
      try {
        return await this.tryAppend(streamId, events, expected);
      } catch (error) {
        const lostRace = (error as { constraint?: string }).constraint === 'events_stream_revision';
        if (!lostRace) throw translatePgError(error);
        // Another writer took the revision between our check and our insert.
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

  private async tryAppend(
    streamId: string,
    events: EventToAppend[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const chained = chainOntoHead(streamId, expected, await readHead(client, streamId), events);
      const result = await insertChained(client, streamId, chained);
      await client.query(`SELECT pg_notify('${NOTIFY_CHANNEL}', $1)`, [streamId]);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      if (
        (error as { code?: string }).code === UNIQUE_VIOLATION &&
        (error as { constraint?: string }).constraint === 'events_event_id_key'
      ) {
        throw new InvalidAppendError(`An event id in this append was already used`);
      }
      throw error;
    } finally {
      client.release();
    }
  }

  private async currentRevision(
    streamId: string,
    client: PoolClient | Pool = this.pool,
  ): Promise<number | 'no_stream'> {
    const { rows } = await client.query<{ revision: string | null }>(
      'SELECT max(revision) AS revision FROM event_store.events WHERE stream_id = $1',
      [streamId],
    );
    return rows[0].revision === null ? 'no_stream' : Number(rows[0].revision);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const params: unknown[] = [streamId];
    let where = 'stream_id = $1';
    if (options.fromRevision !== undefined) {
      params.push(options.fromRevision);
      where += backwards ? ` AND revision <= $2` : ` AND revision >= $2`;
    }
    params.push(options.maxCount ?? null);
    const rows = await this.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM event_store.events WHERE ${where}
       ORDER BY revision ${backwards ? 'DESC' : 'ASC'} LIMIT $${params.length}`,
      params,
    );
    if (rows.length === 0 && (await this.currentRevision(streamId)) === 'no_stream') {
      throw new StreamNotFoundError(streamId);
    }
    return rows.map(toRecordedEvent);
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
    const params: unknown[] = [(options.after ?? -1n).toString(), options.maxCount ?? DEFAULT_PAGE];
    const filter = filterClauses(options.filter, params);
    const rows = await this.query<EventRow & { bound: string }>(
      `WITH horizon AS (SELECT ${VISIBLE_BOUND_SQL} AS bound)
       SELECT ${EVENT_COLUMNS}, horizon.bound FROM horizon
         LEFT JOIN LATERAL (
           SELECT * FROM event_store.events
            WHERE position > $1 AND position < horizon.bound${filter}
            ORDER BY position LIMIT $2) e ON true`,
      params,
    );
    const bound = BigInt(rows[0].bound);
    return { events: rows.filter((r) => r.position !== null).map(toRecordedEvent), bound };
  }

  async headPosition(): Promise<GlobalPosition | undefined> {
    const rows = await this.query<{ position: string | null }>(
      `SELECT max(position) AS position FROM event_store.events WHERE position < ${VISIBLE_BOUND_SQL}`,
    );
    return rows[0].position === null ? undefined : BigInt(rows[0].position);
  }

  async close(): Promise<void> {
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
