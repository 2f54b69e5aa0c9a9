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
    chained.events.map((event, i) => ({
      streamId,
      revision: chained.after + 1 + i,
      event,
      dataJson: chained.dataJson[i],
    })),
  );
  // One JSON document for the whole batch: each event's canonical data goes in as it is, where
  // text arrays would have every quote in it escaped once more.
  const batch = `[${events
    .map(
      (e) =>
        `{"s":${JSON.stringify(e.streamId)},"r":${e.revision},"i":${JSON.stringify(e.event.id ?? null)},` +
        `"t":${JSON.stringify(e.event.type)},"d":${e.dataJson},"m":${JSON.stringify(e.event.metadata)}}`,
    )
    .join(',')}]`;
  const { rows } = await db.query<{ position: string; stream_id: string; revision: string }>({
    // Prepared once per connection: the append path skips parsing and planning.
    name: 'event_store.insert_chained',
    text: `INSERT INTO event_store.events
       (position, transaction_id, stream_id, revision, event_id, type, data, metadata)
     SELECT (pg_current_xact_id()::text::bigint << ${POSITION_SHIFT}) + e.ord - 1,
            pg_current_xact_id(), e.doc->>'s', (e.doc->>'r')::bigint,
            coalesce((e.doc->>'i')::uuid, gen_random_uuid()), e.doc->>'t', e.doc->'d', e.doc->'m'
       FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(doc, ord)
     RETURNING position, stream_id, revision`,
    values: [batch],
  });
  const positions = new Map(rows.map((r) => [`${r.stream_id}\n${r.revision}`, r.position]));
  return appends.map(({ streamId, chained }) => {
    const nextRevision = chained.after + chained.events.length;
    return { nextRevision, position: BigInt(positions.get(`${streamId}\n${nextRevision}`)!) };
  });
}
