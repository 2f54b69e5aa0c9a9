import { escapeLiteral, Pool } from 'pg';
import { migrate } from '@warranty/postgres';
import { platformMigrations } from '@warranty/platform';
import { type ExplainRow, rowsReadFrom } from '@warranty/testing/query-plans';
import { createTestDatabase, type TestDatabase } from '@warranty/testing/test-database';
import { CLAIM_KEYS, COMPLETE_KEYS } from '../src/idempotency/idempotency-store';

describe('Idempotency-Key statements on a table the planner has no statistics for', () => {
  let db: TestDatabase;
  let pool: Pool;
  const keys = ['held-100', 'held-107', 'new-1', 'new-2', 'held-114'];
  const input = (extra: object) =>
    JSON.stringify(keys.map((key, n) => ({ n, tenant_id: 'acme-retail', key, ...extra })));

  beforeAll(async () => {
    db = await createTestDatabase('idem_plans');
    pool = new Pool({ connectionString: db.url, max: 1 });
    await migrate(pool, 'platform', platformMigrations);
    // Never analyzed, as in a young deployment; 20,000 keys already stored.
    await pool.query('ALTER TABLE platform.idempotency_keys SET (autovacuum_enabled = false)');
    await pool.query(
      `INSERT INTO platform.idempotency_keys (tenant_id, key, request_hash, status, headers, body)
       SELECT 'acme-retail', 'held-' || g, 'h', 201, '{}', '{}' FROM generate_series(1, 20000) AS g`,
    );
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  /** Rows read from the key table while running `sql`, rolled back afterwards. */
  async function keyRowsRead(sql: string, params: unknown[]): Promise<number> {
    await pool.query('BEGIN');
    try {
      const { rows } = await pool.query<ExplainRow>(
        `EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`,
        params,
      );
      return rowsReadFrom(rows[0], 'idempotency_keys');
    } finally {
      await pool.query('ROLLBACK');
    }
  }

  it('takes keys reading only the rows of the keys asked for', async () => {
    const read = await keyRowsRead(CLAIM_KEYS, [
      input({ request_hash: 'h' }),
      ['acme-retail'],
      keys,
    ]);
    expect(read).toBeLessThanOrEqual(keys.length);
  });

  it('stores responses reading only the rows of the keys answered', async () => {
    const read = await keyRowsRead(COMPLETE_KEYS, [
      input({ status: 201, headers: {}, body: { ok: true } }),
      ['acme-retail'],
      keys,
    ]);
    expect(read).toBeLessThanOrEqual(keys.length);
  });
});

describe('Idempotency-Key statements prepared once, while the table was empty', () => {
  let db: TestDatabase;
  let pool: Pool;
  const keys = ['held-100', 'held-107', 'new-1', 'new-2', 'held-114'];
  const input = (extra: object) =>
    JSON.stringify(keys.map((key, n) => ({ n, tenant_id: 'acme-retail', key, ...extra })));
  const claimArgs = () => [input({ request_hash: 'h' }), ['acme-retail'], keys];
  const completeArgs = () => [
    input({ status: 201, headers: {}, body: { ok: true } }),
    ['acme-retail'],
    keys,
  ];

  beforeAll(async () => {
    db = await createTestDatabase('idem_prepared');
    // One connection: prepared statements and their plans belong to a session.
    pool = new Pool({ connectionString: db.url, max: 1 });
    await migrate(pool, 'platform', platformMigrations);
    await pool.query('ALTER TABLE platform.idempotency_keys SET (autovacuum_enabled = false)');
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  /** Literal arguments for EXECUTE: the plan stays the prepared one, whatever the values. */
  const literals = ([json, tenants, keyList]: unknown[]) =>
    [json as string, `{${(tenants as string[]).join(',')}}`, `{${(keyList as string[]).join(',')}}`]
      .map((text) => escapeLiteral(text))
      .join(', ');

  it('keeps reading only the rows of the keys asked for after the table grew to 20,000 keys', async () => {
    // The worst case: one generic plan, made on the empty table and never made again.
    await pool.query('SET plan_cache_mode = force_generic_plan');
    await pool.query(`PREPARE claim_keys(jsonb, text[], text[]) AS ${CLAIM_KEYS}`);
    await pool.query(`PREPARE complete_keys(jsonb, text[], text[]) AS ${COMPLETE_KEYS}`);
    for (const statement of ['claim_keys', 'complete_keys']) {
      const args = statement === 'claim_keys' ? claimArgs() : completeArgs();
      await pool.query('BEGIN');
      await pool.query(`EXECUTE ${statement}(${literals(args)})`);
      await pool.query('ROLLBACK');
    }
    await pool.query(
      `INSERT INTO platform.idempotency_keys (tenant_id, key, request_hash, status, headers, body)
       SELECT 'acme-retail', 'held-' || g, 'h', 201, '{}', '{}' FROM generate_series(1, 20000) AS g`,
    );
    for (const statement of ['claim_keys', 'complete_keys']) {
      const args = statement === 'claim_keys' ? claimArgs() : completeArgs();
      await pool.query('BEGIN');
      try {
        const { rows } = await pool.query<ExplainRow>(
          `EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE ${statement}(${literals(args)})`,
        );
        expect(rowsReadFrom(rows[0], 'idempotency_keys')).toBeLessThanOrEqual(keys.length);
      } finally {
        await pool.query('ROLLBACK');
      }
    }
  });
});
