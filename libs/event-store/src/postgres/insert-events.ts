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

export interface StreamAppend {
  streamId: string;
  chained: ChainedAppend;
}

/**
 * Inserts the chained events of one or more appends (to distinct streams) in one statement, so
 * in one transaction: positions are the transaction id << 20 plus the event's index in it. The
 * unique (stream_id, revision) constraint refuses it if another writer took one of the revisions.
 */
export async function insertChained(
  db: Queryable,
  appends: StreamAppend[],
): Promise<AppendResult[]> {
  const events = appends.flatMap(({ streamId, chained }) =>
    chained.events.map((event, i) => ({ streamId, revision: chained.after + 1 + i, event })),
  );
  const { rows } = await db.query<{ position: string; stream_id: string; revision: string }>(
    `INSERT INTO event_store.events
       (position, transaction_id, stream_id, revision, event_id, type, data, metadata)
     SELECT (pg_current_xact_id()::text::bigint << ${POSITION_SHIFT}) + e.ord - 1,
            pg_current_xact_id(), e.stream_id, e.revision,
            coalesce(e.id, gen_random_uuid()), e.type, e.data, e.metadata
       FROM unnest($1::text[], $2::bigint[], $3::uuid[], $4::text[], $5::jsonb[], $6::jsonb[])
            WITH ORDINALITY AS e(stream_id, revision, id, type, data, metadata, ord)
     RETURNING position, stream_id, revision`,
    [
      events.map((e) => e.streamId),
      events.map((e) => e.revision),
      events.map((e) => e.event.id ?? null),
      events.map((e) => e.event.type),
      events.map((e) => JSON.stringify(e.event.data)),
      events.map((e) => JSON.stringify(e.event.metadata)),
    ],
  );
  const positions = new Map(rows.map((r) => [`${r.stream_id}\n${r.revision}`, r.position]));
  return appends.map(({ streamId, chained }) => {
    const nextRevision = chained.after + chained.events.length;
    return { nextRevision, position: BigInt(positions.get(`${streamId}\n${nextRevision}`)!) };
  });
}
