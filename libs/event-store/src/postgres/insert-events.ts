import type { Pool, PoolClient } from 'pg';
import type { ChainedAppend, StreamHead } from '../chain';
import type { AppendResult } from '../types';
import { POSITION_SHIFT } from './schema';

type Queryable = Pool | PoolClient;

/** The stream's last event as the chain needs it; undefined for a stream with no events. */
export async function readHead(db: Queryable, streamId: string): Promise<StreamHead | undefined> {
  const { rows } = await db.query<{ revision: string; hash: string | null }>(
    `SELECT revision, metadata->>'hash' AS hash FROM event_store.events
      WHERE stream_id = $1 ORDER BY revision DESC LIMIT 1`,
    [streamId],
  );
  return rows[0] && { revision: Number(rows[0].revision), hash: rows[0].hash };
}

/**
 * Inserts chained events at the revisions after `chained.after`, in one statement. The unique
 * (stream_id, revision) constraint refuses it if another writer took one of those revisions.
 */
export async function insertChained(
  db: Queryable,
  streamId: string,
  chained: ChainedAppend,
): Promise<AppendResult> {
  const { rows } = await db.query<{ position: string; revision: string }>(
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
  const last = rows.reduce((a, b) => (BigInt(a.position) > BigInt(b.position) ? a : b));
  return { nextRevision: Number(last.revision), position: BigInt(last.position) };
}
