import { randomUUID } from 'node:crypto';
import { PostgresEventStore, type RecordedEvent } from '@warranty/event-store';
import { createTestDatabase, type TestDatabase } from '@warranty/testing';
import type { DataSource, EntityManager } from 'typeorm';
import {
  type Projection,
  ProjectionRebuild,
  RebuildRunningError,
  type RowFold,
  runStatement,
} from '../src';
import { readModelsDataSource } from './ledger-projection';

/** Counts each stream's events in its own table. */
class CountingProjection implements Projection {
  readonly tables = ['counted'];
  readonly filter: Projection['filter'];
  constructor(
    readonly name: string,
    prefix: string,
  ) {
    this.filter = { streamPrefixes: [prefix] };
  }
  async handle(event: RecordedEvent, manager: EntityManager): Promise<void> {
    await runStatement(
      manager,
      `INSERT INTO counted (stream_id, n) VALUES ($1, 1)
       ON CONFLICT (stream_id) DO UPDATE SET n = counted.n + 1`,
      [event.streamId],
    );
  }
}

/** The same counts as a pure fold, which a poisoned event makes throw. */
class FoldedCountingProjection extends CountingProjection {
  readonly rowFold: RowFold = {
    table: 'counted',
    keyColumn: 'stream_id',
    keyOf: (event) => event.streamId,
    apply: (row, event) => {
      if ((event.data as { poison?: boolean }).poison) throw new Error('cannot count this');
      return { stream_id: event.streamId, n: ((row?.n as number | undefined) ?? 0) + 1 };
    },
  };
}

describe('ProjectionRebuild', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let dataSource: DataSource;
  let prefix: string;
  let projection: CountingProjection;

  beforeAll(async () => {
    database = await createTestDatabase('rebuild');
    store = await PostgresEventStore.connect({ connectionString: database.url });
    dataSource = await readModelsDataSource(database.url);
    await dataSource.query('CREATE TABLE counted (stream_id text PRIMARY KEY, n int NOT NULL)');
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await store?.close();
    await database?.drop();
  });
  beforeEach(async () => {
    prefix = `r${randomUUID().slice(0, 8)}-`;
    projection = new CountingProjection(`counting-${prefix}`, prefix);
    await dataSource.query('TRUNCATE counted');
    for (let i = 0; i < 30; i++)
      await store.append(`${prefix}${i % 3}`, [{ type: 'Noted', data: { i } }], 'any');
    await visible(30);
  });

  /** A transaction still open in another test's database can hold back the log's visible end. */
  const visible = async (events: number) => {
    while ((await store.readAll({ filter: projection.filter, maxCount: 100 })).length < events)
      await new Promise((resolve) => setTimeout(resolve, 10));
  };
  const counted = () => dataSource.query('SELECT stream_id, n FROM counted ORDER BY stream_id');
  const schemas = () => {
    const slug = projection.name.replace(/[^a-z0-9]+/g, '_');
    return dataSource.query('SELECT nspname FROM pg_namespace WHERE nspname = ANY($1)', [
      [`rebuild_${slug}`, `retired_${slug}`],
    ]);
  };

  it('stopped before it caught up, drops its copies and leaves the live rows', async () => {
    await dataSource.query(`INSERT INTO counted VALUES ('${prefix}0', 99)`);
    const rebuild = await ProjectionRebuild.begin(dataSource, store, projection, { batchSize: 10 });
    expect(await schemas()).toHaveLength(1);
    rebuild.stop();
    const outcome = await rebuild.run();

    expect(outcome).toMatchObject({ state: 'failed', applied: 10 });
    expect(outcome.error).toMatch(/stopped before it caught up/);
    expect(await counted()).toEqual([{ stream_id: `${prefix}0`, n: 99 }]);
    expect(await schemas()).toEqual([]);
  });

  it('holds its lock until it ends: a second begin is refused, a later one runs', async () => {
    const first = await ProjectionRebuild.begin(dataSource, store, projection, { batchSize: 7 });
    await expect(ProjectionRebuild.begin(dataSource, store, projection)).rejects.toBeInstanceOf(
      RebuildRunningError,
    );
    expect(await first.run()).toMatchObject({ state: 'swapped', applied: 30 });
    expect(await counted()).toEqual([0, 1, 2].map((i) => ({ stream_id: `${prefix}${i}`, n: 10 })));
    expect(await schemas()).toEqual([]);

    const again = await ProjectionRebuild.begin(dataSource, store, projection);
    expect(await again.run()).toMatchObject({ state: 'swapped', applied: 30 });
    expect(await counted()).toEqual([0, 1, 2].map((i) => ({ stream_id: `${prefix}${i}`, n: 10 })));
  });

  it('gives up the swap when a long transaction holds the live table, instead of queueing every reader behind it', async () => {
    await dataSource.query(`INSERT INTO counted VALUES ('${prefix}0', 99)`);
    const reader = dataSource.createQueryRunner();
    await reader.startTransaction();
    // An open transaction that read the table keeps its lock on it until it ends.
    await reader.query('SELECT count(*) FROM counted');
    try {
      const rebuild = await ProjectionRebuild.begin(dataSource, store, projection, {
        batchSize: 10,
        swapLockTimeoutMs: 200,
      });
      const outcome = await rebuild.run();
      expect(outcome).toMatchObject({ state: 'failed', applied: 30 });
      expect(outcome.error).toMatch(/could not lock the live tables of .* within 200 ms/);
    } finally {
      await reader.rollbackTransaction();
      await reader.release();
    }
    expect(await counted()).toEqual([{ stream_id: `${prefix}0`, n: 99 }]);
    expect(await schemas()).toEqual([]);

    const again = await ProjectionRebuild.begin(dataSource, store, projection);
    expect(await again.run()).toMatchObject({ state: 'swapped', applied: 30 });
    expect(await counted()).toEqual([0, 1, 2].map((i) => ({ stream_id: `${prefix}${i}`, n: 10 })));
  });

  it('folds rows in memory to the same counts, reading back rows it no longer keeps', async () => {
    const folded = new FoldedCountingProjection(projection.name, prefix);
    const rebuild = await ProjectionRebuild.begin(dataSource, store, folded, {
      batchSize: 7,
      rowsKept: 0,
    });
    expect(await rebuild.run()).toMatchObject({ state: 'swapped', applied: 30 });
    expect(await counted()).toEqual([0, 1, 2].map((i) => ({ stream_id: `${prefix}${i}`, n: 10 })));
    expect(await schemas()).toEqual([]);
  });

  it('stops at an event its fold cannot apply, naming it, and leaves the live rows', async () => {
    await dataSource.query(`INSERT INTO counted VALUES ('${prefix}0', 99)`);
    const { position } = await store.append(
      `${prefix}1`,
      [{ type: 'Noted', data: { poison: true } }],
      'any',
    );
    await store.append(`${prefix}2`, [{ type: 'Noted', data: {} }], 'any');
    await visible(32);
    const folded = new FoldedCountingProjection(projection.name, prefix);
    const rebuild = await ProjectionRebuild.begin(dataSource, store, folded, { batchSize: 7 });
    const outcome = await rebuild.run();

    expect(outcome.state).toBe('failed');
    expect(outcome.error).toBe(`${prefix}1@10 (Noted) failed: cannot count this`);
    expect(outcome.position).toBeLessThan(position);
    expect(await counted()).toEqual([{ stream_id: `${prefix}0`, n: 99 }]);
    expect(await schemas()).toEqual([]);
  });
});
