import type { Pool } from 'pg';
import { StatementGroups } from '@warranty/postgres';
import { EVENT_COLUMNS, type EventRow } from './row-mapping';

export interface StreamTail {
  streamId: string;
  fromRevision: number;
}

/**
 * One index scan per stream, whatever the planner believes of the table: OFFSET 0 keeps the
 * subquery from being flattened into a join, which it might hash over the whole log. Prepared:
 * its one plan stays on the index as the log grows (postgres-stream-reads.spec).
 */
export const READ_STREAMS = `
  SELECT i.n, e.*
    FROM unnest($1::text[], $2::bigint[]) WITH ORDINALITY AS i(stream_id, from_revision, n)
   CROSS JOIN LATERAL (
     SELECT ${EVENT_COLUMNS} FROM event_store.events
      WHERE stream_id = i.stream_id AND revision >= i.from_revision
      ORDER BY revision OFFSET 0) e
   ORDER BY i.n, e.revision`;

/**
 * Forward reads of streams that arrive together (a command's reads side by side, and other
 * requests' reads meanwhile) go out as one statement; each caller gets its own rows.
 */
export function groupedStreamReads(pool: Pool): StatementGroups<StreamTail, EventRow[]> {
  return new StatementGroups<StreamTail, EventRow[]>(
    async (tails) => {
      const { rows } = await pool.query<EventRow & { n: string }>({
        name: 'event_store.read_streams',
        text: READ_STREAMS,
        values: [tails.map((tail) => tail.streamId), tails.map((tail) => tail.fromRevision)],
      });
      const read: EventRow[][] = tails.map(() => []);
      for (const row of rows) read[Number(row.n) - 1].push(row);
      return read;
    },
    { gatherTurn: true },
  );
}
