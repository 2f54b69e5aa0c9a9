import { randomUUID } from 'node:crypto';
import {
  getPostgreSQLEventStore,
  type PostgresEventStore as EmmettStore,
} from '@event-driven-io/emmett-postgresql';
import { Pool } from 'pg';
import { PostgresEventStore } from '@warranty/event-store';

/** One writer's sequence of appends to its own stream, as a command handler would make them. */
export type Writer = (events: BenchEvent[]) => Promise<void>;

export interface BenchEvent {
  type: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

export interface Contender {
  name: string;
  newWriter(): Writer;
  close(): Promise<void>;
}

export async function thisStore(
  url: string,
  poolSize: number,
): Promise<Contender & { store: PostgresEventStore }> {
  const store = await PostgresEventStore.connect({ connectionString: url, poolSize });
  return {
    name: 'this store',
    store,
    newWriter: () => {
      const stream = `bench-${randomUUID()}`;
      let revision: number | 'no_stream' = 'no_stream';
      return async (events) => {
        revision = (await store.append(stream, events, revision)).nextRevision;
      };
    },
    close: () => store.close(),
  };
}

export async function emmett(url: string, poolSize: number): Promise<Contender> {
  const pool = new Pool({ connectionString: url, max: poolSize });
  pool.on('error', () => undefined); // idle connections die when the bench stops the server
  const store: EmmettStore = getPostgreSQLEventStore(url, {
    connectionOptions: { pooled: true, pool },
  });
  await store.schema.migrate();
  return {
    name: 'Emmett 0.42',
    newWriter: () => {
      const stream = `bench-${randomUUID()}`;
      let version: bigint | 'STREAM_DOES_NOT_EXIST' = 'STREAM_DOES_NOT_EXIST';
      return async (events) => {
        const result = await store.appendToStream(stream, events, {
          expectedStreamVersion: version,
        });
        version = result.nextExpectedStreamVersion;
      };
    },
    close: async () => {
      await store.close();
      await pool.end().catch(() => undefined);
    },
  };
}

/** The floor: the same rows, one INSERT statement per append, into a table shaped like ours. */
export async function bareInsert(url: string, poolSize: number): Promise<Contender> {
  const pool = new Pool({ connectionString: url, max: poolSize });
  pool.on('error', () => undefined); // idle connections die when the bench stops the server
  await pool.query(`
    CREATE SCHEMA IF NOT EXISTS bare;
    CREATE TABLE IF NOT EXISTS bare.events (
      position bigint PRIMARY KEY, transaction_id xid8 NOT NULL, stream_id text NOT NULL,
      revision bigint NOT NULL, event_id uuid NOT NULL UNIQUE, type text NOT NULL,
      data jsonb NOT NULL, metadata jsonb NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
      UNIQUE (stream_id, revision));
    CREATE INDEX IF NOT EXISTS events_type_position ON bare.events (type, position);`);
  return {
    name: 'bare INSERT',
    newWriter: () => {
      const stream = `bench-${randomUUID()}`;
      let next = 0;
      return async (events) => {
        await pool.query(
          `INSERT INTO bare.events
             (position, transaction_id, stream_id, revision, event_id, type, data, metadata)
           SELECT (pg_current_xact_id()::text::bigint << 20) + e.ord - 1, pg_current_xact_id(),
                  $1, $2::bigint + e.ord - 1, gen_random_uuid(), e.type, e.data, e.metadata
             FROM unnest($3::text[], $4::jsonb[], $5::jsonb[]) WITH ORDINALITY AS e(type, data, metadata, ord)`,
          [
            stream,
            next,
            events.map((e) => e.type),
            events.map((e) => JSON.stringify(e.data)),
            // The same bytes as a chained event: business metadata plus a 64-character hash.
            events.map((e) => JSON.stringify({ ...e.metadata, hash: 'f'.repeat(64) })),
          ],
        );
        next += events.length;
      };
    },
    close: () => pool.end(),
  };
}
