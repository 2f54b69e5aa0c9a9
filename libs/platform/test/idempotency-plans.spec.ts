import { escapeLiteral, Pool } from 'pg';
import { migrate } from '@warranty/postgres';
import { platformMigrations } from '@warranty/platform';
import { type ExplainRow, rowsReadFrom } from '@warranty/testing/query-plans';
import { createTestDatabase, type TestDatabase } from '@warranty/testing/test-database';
import { CLAIM_KEYS, COMPLETE_KEYS } from '../src/idempotency/idempotency-store';

const keys = ['held-100', 'held-107', 'new-1', 'new-2', 'held-114'];
const input = (extra: object) =>
  JSON.stringify(keys.map((key, n) => ({ n, tenant_id: 'acme-retail', key, ...extra })));

/** Each key statement with the arguments of a group of `keys`. */
const statements = {
  claim_keys: { sql: CLAIM_KEYS, args: [input({ request_hash: 'h' }), ['acme-retail'], keys] },
  complete_keys: {
    sql: COMPLETE_KEYS,
    args: [input({ status: 201, headers: {}, body: { ok: true } }), ['acme-retail'], keys],
  },
};

/** A database with the platform schema, its key table never analysed, as in a young deployment. */
async function keyDatabase(prefix: string): Promise<{ db: TestDatabase; pool: Pool }> {
  const db = await createTestDatabase(prefix);
  // One connection: prepared statements and their plans belong to a session.
  const pool = new Pool({ connectionString: db.url, max: 1 });
  await migrate(pool, 'platform', platformMigrations);
  await pool.query('ALTER TABLE platform.idempotency_keys SET (autovacuum_enabled = false)');
  return { db, pool };
}

const storeKeys = (pool: Pool) =>
  pool.query(
    `INSERT INTO platform.idempotency_keys (tenant_id, key, request_hash, status, headers, body)
     SELECT 'acme-retail', 'held-' || g, 'h', 201, '{}', '{}' FROM generate_series(1, 20000) AS g`,
  );

/** Rows read from the key table while running `sql`, rolled back afterwards. */
async function keyRowsRead(pool: Pool, sql: string, params: unknown[] = []): Promise<number> {
  await pool.query('BEGIN');
  try {
    const { rows } = await pool.query<ExplainRow>(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params);
    return rowsReadFrom(rows[0], 'idempotency_keys');
  } finally {
    await pool.query('ROLLBACK');
  }
}

describe('Idempotency-Key statements on a table the planner has no statistics for', () => {
  let db: TestDatabase;
  let pool: Pool;

  beforeAll(async () => {
    ({ db, pool } = await keyDatabase('idem_plans'));
    await storeKeys(pool);
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  it('takes keys reading only the rows of the keys asked for', async () => {
    const { sql, args } = statements.claim_keys;
    expect(await keyRowsRead(pool, sql, args)).toBeLessThanOrEqual(keys.length);
  });

  it('stores responses reading only the rows of the keys answered', async () => {
    const { sql, args } = statements.complete_keys;
    expect(await keyRowsRead(pool, sql, args)).toBeLessThanOrEqual(keys.length);
  });
});

describe('Idempotency-Key statements prepared once, while the table was empty', () => {
  let db: TestDatabase;
  let pool: Pool;

  beforeAll(async () => {
    ({ db, pool } = await keyDatabase('idem_prepared'));
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  /** An EXECUTE with literal arguments: the plan stays the prepared one, whatever the values. */
  const execute = (name: keyof typeof statements) => {
    const [json, tenants, keyList] = statements[name].args as [string, string[], string[]];
    const literals = [json, `{${tenants.join(',')}}`, `{${keyList.join(',')}}`].map(escapeLiteral);
    return `EXECUTE ${name}(${literals.join(', ')})`;
  };
  const names = Object.keys(statements) as Array<keyof typeof statements>;

  it('keeps reading only the rows of the keys asked for after the table grew to 20,000 keys', async () => {
    // The worst case: one generic plan, made on the empty table and never made again.
    await pool.query('SET plan_cache_mode = force_generic_plan');
    for (const name of names) {
      await pool.query(`PREPARE ${name}(jsonb, text[], text[]) AS ${statements[name].sql}`);
      await pool.query('BEGIN');
      await pool.query(execute(name));
      await pool.query('ROLLBACK');
    }
    await storeKeys(pool);
    for (const name of names)
      expect(await keyRowsRead(pool, execute(name))).toBeLessThanOrEqual(keys.length);
  });
});
