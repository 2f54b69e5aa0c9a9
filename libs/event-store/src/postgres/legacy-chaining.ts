import type { Pool, PoolClient } from 'pg';
import { chainHash, chainOntoHead, GENESIS_HASH } from '../chain';
import type { JsonObject } from '../types';
import { insertChained, readHead } from './insert-events';
import { LEGACY_CHAINING_VERSION } from './schema';

export const LEGACY_CHAINING_STREAM = '$audit-chain';
export const LEGACY_EVENTS_CHAINED = 'LegacyEventsChained';
const PROGRESS_EVERY = 1000;

/**
 * Fills `metadata.hash` of events written before the hash chain existed, stream by stream in
 * revision order, and records a LegacyEventsChained event. Runs once per database, in one
 * transaction, before the append-only trigger exists; a later run finds its version recorded.
 */
export async function chainLegacyEvents(pool: Pool, log: (line: string) => void): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query(`SELECT pg_advisory_lock(hashtext('migrations'))`);
    const { rowCount } = await client.query(
      `SELECT 1 FROM public.schema_migrations WHERE component = 'event_store' AND version = $1`,
      [LEGACY_CHAINING_VERSION],
    );
    if (rowCount) return;
    const startedAt = new Date();
    await client.query('BEGIN');
    try {
      const { rows: streams } = await client.query<{ stream_id: string }>(
        `SELECT DISTINCT stream_id FROM event_store.events WHERE NOT (metadata ? 'hash')
          ORDER BY stream_id`,
      );
      if (streams.length > 0) log(`Chaining legacy events of ${streams.length} streams`);
      let chainedEvents = 0;
      for (const [index, { stream_id: streamId }] of streams.entries()) {
        chainedEvents += await chainStream(client, streamId);
        if ((index + 1) % PROGRESS_EVERY === 0 || index + 1 === streams.length) {
          log(`Chained ${index + 1}/${streams.length} streams, ${chainedEvents} events`);
        }
      }
      if (chainedEvents > 0) {
        const record = {
          type: LEGACY_EVENTS_CHAINED,
          data: {
            streams: streams.length,
            events: chainedEvents,
            startedAt: startedAt.toISOString(),
            finishedAt: new Date().toISOString(),
          },
          metadata: { actor: { kind: 'system', id: 'event-store-migration' } },
        };
        const head = await readHead(client, LEGACY_CHAINING_STREAM);
        await insertChained(client, [
          {
            streamId: LEGACY_CHAINING_STREAM,
            chained: chainOntoHead(LEGACY_CHAINING_STREAM, 'any', head, [record]),
          },
        ]);
      }
      await client.query(
        `INSERT INTO public.schema_migrations (component, version, name)
         VALUES ('event_store', $1, 'chain legacy events')`,
        [LEGACY_CHAINING_VERSION],
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  } finally {
    await client.query(`SELECT pg_advisory_unlock(hashtext('migrations'))`).catch(() => undefined);
    client.release();
  }
}

/**
 * Hashes the stream's unhashed events onto the chain so far; a stored hash is kept as found.
 * `= ANY` keeps each stream's update on the primary key, whatever the log's statistics say.
 */
async function chainStream(client: PoolClient, streamId: string): Promise<number> {
  const { rows } = await client.query<{
    position: string;
    revision: string;
    type: string;
    data: JsonObject;
    metadata: JsonObject;
  }>(
    `SELECT position, revision, type, data, metadata FROM event_store.events
      WHERE stream_id = $1 ORDER BY revision`,
    [streamId],
  );
  const positions: string[] = [];
  const hashes: string[] = [];
  let previous = GENESIS_HASH;
  for (const row of rows) {
    const stored = row.metadata.hash;
    if (typeof stored === 'string') {
      previous = stored;
      continue;
    }
    previous = chainHash(previous, { ...row, revision: Number(row.revision) });
    positions.push(row.position);
    hashes.push(previous);
  }
  await client.query(
    `UPDATE event_store.events e SET metadata = e.metadata || jsonb_build_object('hash', u.hash)
       FROM unnest($1::bigint[], $2::text[]) AS u(position, hash)
      WHERE e.position = ANY($1::bigint[]) AND e.position = u.position`,
    [positions, hashes],
  );
  return positions.length;
}
