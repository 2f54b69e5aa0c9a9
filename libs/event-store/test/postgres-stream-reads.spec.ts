import { Pool } from 'pg';
import { createTestDatabase, type TestDatabase } from '@warranty/testing';
import { type ExplainRow, planNodes, rowsReadFrom } from '@warranty/testing/query-plans';
import { PostgresEventStore } from '../src';
import { READ_STREAMS } from '../src/postgres/stream-reads';

describe('PostgreSQL event store: stream reads that share a statement', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let superuser: Pool;

  beforeAll(async () => {
    database = await createTestDatabase('es_reads');
    store = await PostgresEventStore.connect({ connectionString: database.url, poolSize: 8 });
    superuser = new Pool({ connectionString: database.url, max: 1 });
    // Never analyzed, as a fresh deployment's log is for its first minute: the planner guesses.
    await superuser.query('ALTER TABLE event_store.events SET (autovacuum_enabled = false)');
    for (let s = 0; s < 40; s++) {
      const events = Array.from({ length: 500 }, (_, i) => ({ type: 'Read', data: { s, i } }));
      await store.append(`reads-${s}`, events, 'no_stream');
    }
  });
  afterAll(async () => {
    await superuser?.end();
    await store?.close();
    await database?.drop();
  });

  it('probes the index once per stream, even on a table the planner has no statistics for', async () => {
    // What a busy process groups: dozens of streams, most of them new.
    const streams = Array.from({ length: 32 }, (_, i) => (i < 4 ? `reads-${i}` : `new-${i}`));
    const { rows } = await superuser.query<ExplainRow>(`EXPLAIN (FORMAT JSON) ${READ_STREAMS}`, [
      streams,
      streams.map(() => 0),
    ]);
    const scans = planNodes(rows[0]['QUERY PLAN'][0].Plan).filter(
      (node) => node['Relation Name'] === 'events',
    );
    expect(scans).toHaveLength(1);
    expect(['Index Scan', 'Bitmap Heap Scan']).toContain(scans[0]['Node Type']);
  });

  it('answers each caller of a shared statement with its own stream, from its own revision', async () => {
    const [whole, tail, missing, again] = await Promise.all([
      store.readStream('reads-3'),
      store.readStream('reads-3', { fromRevision: 497 }),
      store.readStream('nobody').catch((error: Error) => error.name),
      store.readStream('reads-4'),
    ]);
    expect(whole.map((e) => e.revision)).toEqual(Array.from({ length: 500 }, (_, i) => i));
    expect(tail.map((e) => e.data)).toEqual([497, 498, 499].map((i) => ({ s: 3, i })));
    expect(missing).toBe('StreamNotFoundError');
    expect(again).toHaveLength(500);
    expect(again.every((e) => e.streamId === 'reads-4')).toBe(true);
  });
});

describe('PostgreSQL event store: the stream read prepared once, on an empty log', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let session: Pool;

  beforeAll(async () => {
    database = await createTestDatabase('es_reads_prepared');
    store = await PostgresEventStore.connect({ connectionString: database.url, poolSize: 2 });
    // One connection: a prepared statement and its plan belong to a session.
    session = new Pool({ connectionString: database.url, max: 1 });
    await session.query('ALTER TABLE event_store.events SET (autovacuum_enabled = false)');
  });
  afterAll(async () => {
    await session?.end();
    await store?.close();
    await database?.drop();
  });

  it('still probes the index once per stream after the log grew to 20,000 events', async () => {
    // The worst case: one generic plan, made while the log was empty and never made again.
    await session.query('SET plan_cache_mode = force_generic_plan');
    await session.query(`PREPARE read_streams(text[], bigint[]) AS ${READ_STREAMS}`);
    await session.query(`EXECUTE read_streams('{reads-0}', '{0}')`);
    for (let s = 0; s < 40; s++) {
      const events = Array.from({ length: 500 }, (_, i) => ({ type: 'Read', data: { s, i } }));
      await store.append(`reads-${s}`, events, 'no_stream');
    }
    const { rows } = await session.query<ExplainRow>(
      `EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE read_streams('{reads-3,new-1}', '{498,0}')`,
    );
    const scans = planNodes(rows[0]['QUERY PLAN'][0].Plan).filter(
      (node) => node['Relation Name'] === 'events',
    );
    expect(scans).toHaveLength(1);
    expect(['Index Scan', 'Bitmap Heap Scan']).toContain(scans[0]['Node Type']);
    expect(rowsReadFrom(rows[0], 'events')).toBeLessThanOrEqual(2);
  });
});
