import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@warranty/testing';
import { type ExplainRow, rowsReadFrom } from '@warranty/testing/query-plans';
import { RECORD_REVISIONS } from '../src/checkpoints';
import { readModelsDataSource } from './ledger-projection';

describe('the revision guard of a live batch', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase('guard_plan');
    dataSource = await readModelsDataSource(database.url);
    // Never analyzed, as in a young deployment; 20,000 streams already guarded by the projection.
    await dataSource.query(
      'ALTER TABLE projection_stream_revisions SET (autovacuum_enabled = false)',
    );
    await dataSource.query(
      `INSERT INTO projection_stream_revisions (projection, stream_id, revision)
       SELECT 'claim_status', 'claim-' || g, 0 FROM generate_series(1, 20000) AS g`,
    );
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('reads only the guard rows of the batch’s streams when it records their revisions', async () => {
    const streams = Array.from({ length: 26 }, (_, i) => `claim-${100 + 7 * i}`);
    const runner = dataSource.createQueryRunner();
    await runner.startTransaction();
    try {
      const [plan] = (await runner.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${RECORD_REVISIONS}`, [
        'claim_status',
        streams,
        streams.map(() => 1),
      ])) as ExplainRow[];
      const read = rowsReadFrom(plan, 'projection_stream_revisions');
      expect(read).toBeLessThanOrEqual(streams.length);
      const moved = (await runner.query(
        `SELECT count(*)::int AS n FROM projection_stream_revisions
          WHERE projection = 'claim_status' AND revision = 1`,
      )) as Array<{ n: number }>;
      expect(moved[0].n).toBe(streams.length);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
