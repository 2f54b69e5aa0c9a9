import { Pool, type PoolClient } from 'pg';
import { migrate } from '@warranty/postgres';
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
  POSITION_SHIFT,
  VISIBLE_BOUND_SQL,
} from './schema';
import { filterClauses } from './sql-filter';
import { translatePgError } from './postgres-errors';

const UNIQUE_VIOLATION = '23505';
// Enough for every one of dozens of concurrent 'any' writers to one stream to get its turn.
const ANY_REVISION_ATTEMPTS = 64;
const DEFAULT_PAGE = 1000;

export interface PostgresEventStoreOptions {
  connectionString: string;
  poolSize?: number;
}

export class PostgresEventStore implements EventStore {
  readonly kind = 'postgres';
  private constructor(readonly pool: Pool) {}

  /** Connects and applies the event store's migrations. */
  static async connect(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const pool = new Pool({
      connectionString: options.connectionString,
      max: options.poolSize ?? 20,
    });
    pool.on('error', () => undefined); // idle-client errors surface on the next query instead
    try {
      await migrate(pool, 'event_store', eventStoreMigrations);
    } catch (error) {
      await pool.end();
      throw translatePgError(error);
    }
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
      const chained = chainOntoHead(streamId, expected, await this.head(streamId, client), events);
      const { rows } = await client.query<{ position: string; revision: string }>(
        `INSERT INTO event_store.events
           (position, transaction_id, stream_id, revision, event_id, type, data, metadata)
         SELECT (pg_current_xact_id()::text::bigint << ${POSITION_SHIFT}) + e.ord - 1,
                pg_current_xact_id(), $1, $2::bigint + e.ord,
                coalesce(e.id, gen_random_uuid()), e.type, e.data, e.metadata
           FROM unnest($3::uuid[], $4::text[], $5::jsonb[], $6::jsonb[])
                WITH ORDINALITY AS e(id, type, data, metadata, ord)
         RETURNING position, revision`,
        [
          streamId,
          chained.after,
          chained.events.map((e) => e.id ?? null),
          chained.events.map((e) => e.type),
          chained.events.map((e) => JSON.stringify(e.data)),
          chained.events.map((e) => JSON.stringify(e.metadata)),
        ],
      );
      await client.query(`SELECT pg_notify('${NOTIFY_CHANNEL}', $1)`, [streamId]);
      await client.query('COMMIT');
      const last = rows.reduce((a, b) => (BigInt(a.position) > BigInt(b.position) ? a : b));
      return { nextRevision: Number(last.revision), position: BigInt(last.position) };
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

  private async head(streamId: string, client: PoolClient): Promise<StreamHead | undefined> {
    const { rows } = await client.query<{ revision: string; hash: string | null }>(
      `SELECT revision, metadata->>'hash' AS hash FROM event_store.events
        WHERE stream_id = $1 ORDER BY revision DESC LIMIT 1`,
      [streamId],
    );
    return rows[0] && { revision: Number(rows[0].revision), hash: rows[0].hash };
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
