import { Pool } from 'pg';
import { createTestDatabase, type TestDatabase } from '@warranty/testing';
import { PostgresEventStore, type ReadAllOptions } from '../src';
import { visiblePage } from '../src/postgres/visible-page';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Actual Rows': number;
  Plans?: PlanNode[];
}

/** Rows the plan read from the events table, by executing it under EXPLAIN ANALYZE. */
async function rowsRead(pool: Pool, options: ReadAllOptions): Promise<number> {
  const { sql, params } = visiblePage(options);
  const { rows } = await pool.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
    `EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`,
    params,
  );
  const count = (node: PlanNode): number =>
    (node['Relation Name'] === 'events' ? node['Actual Rows'] : 0) +
    (node.Plans ?? []).reduce((sum, child) => sum + count(child), 0);
  return count(rows[0]['QUERY PLAN'][0].Plan);
}

describe('PostgreSQL event store: a page of the global log', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let superuser: Pool;

  beforeAll(async () => {
    database = await createTestDatabase('es_page');
    store = await PostgresEventStore.connect({ connectionString: database.url, poolSize: 8 });
    superuser = new Pool({ connectionString: database.url, max: 1 });
    await Promise.all(
      Array.from({ length: 8 }, async (_, w) => {
        for (let n = 0; n < 30; n++) {
          const events = Array.from({ length: 100 }, (_, i) => ({ type: 'Paged', data: { i } }));
          await store.append(`page-${w}`, events, n === 0 ? 'no_stream' : n * 100 - 1);
        }
      }),
    );
  });
  afterAll(async () => {
    await superuser?.end();
    await store?.close();
    await database?.drop();
  });

  it('reads about one page of rows, not the whole visible log, wherever the page starts', async () => {
    // Before statistics exist (a young log, the benches) the old query read and sorted all of it.
    expect(await rowsRead(superuser, { maxCount: 1000 })).toBeLessThanOrEqual(1000);
    const [middle] = await store.readAll({
      maxCount: 1,
      after: (await store.readAll({ maxCount: 12_000 }))[11_999].position,
    });
    expect(
      await rowsRead(superuser, { after: middle.position, maxCount: 1000 }),
    ).toBeLessThanOrEqual(1000);
    await superuser.query('ANALYZE event_store.events');
    expect(await rowsRead(superuser, { maxCount: 1000 })).toBeLessThanOrEqual(1000);
  });
});
