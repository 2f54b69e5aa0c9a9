import type { Pool } from 'pg';
import { StatementGroups } from '@warranty/postgres';
import { EVENT_COLUMNS, type EventRow } from './row-mapping';

export interface StreamTail {
  streamId: string;
  fromRevision: number;
}

const COLUMNS = EVENT_COLUMNS.split(', ')
  .map((column) => `e.${column}`)
  .join(', ');

/**
 * Forward reads of streams that arrive together (a command's reads side by side, and other
 * requests' reads meanwhile) go out as one statement; each caller gets its own rows.
 */
export function groupedStreamReads(pool: Pool): StatementGroups<StreamTail, EventRow[]> {
  return new StatementGroups<StreamTail, EventRow[]>(
    async (tails) => {
      const { rows } = await pool.query<EventRow & { n: string }>({
        name: 'event-store-read-streams',
        text: `SELECT i.n, ${COLUMNS}
                 FROM unnest($1::text[], $2::bigint[]) WITH ORDINALITY AS i(stream_id, from_revision, n)
                 JOIN event_store.events e ON e.stream_id = i.stream_id AND e.revision >= i.from_revision
                ORDER BY i.n, e.revision`,
        values: [tails.map((tail) => tail.streamId), tails.map((tail) => tail.fromRevision)],
      });
      const read: EventRow[][] = tails.map(() => []);
      for (const row of rows) read[Number(row.n) - 1].push(row);
      return read;
    },
    { gatherTurn: true },
  );
}
