import { Pool } from 'pg';
import { migrate } from '@warranty/postgres';
import { IdempotencyStore, platformMigrations } from '@warranty/platform';
import { createTestDatabase, type TestDatabase } from '@warranty/testing/test-database';

type CountingPool = Pool & { statements: number; failures: string[] };

/** Counts the statements a pool sends and the errors they meet (a failed group is retried alone, unseen). */
function countingPool(url: string): CountingPool {
  const pool = new Pool({ connectionString: url, max: 10 }) as CountingPool;
  pool.statements = 0;
  pool.failures = [];
  const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>;
  (pool as unknown as { query: unknown }).query = (...args: unknown[]) => {
    pool.statements++;
    return query(...args).catch((error: Error) => {
      pool.failures.push(error.message);
      throw error;
    });
  };
  return pool;
}

describe('IdempotencyStore on PostgreSQL, with claims and completions grouped', () => {
  let db: TestDatabase;
  let pools: CountingPool[];

  beforeAll(async () => {
    db = await createTestDatabase('idempotency');
    pools = [countingPool(db.url), countingPool(db.url)];
    await migrate(pools[0], 'platform', platformMigrations);
  });
  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.end()));
    await db.drop();
  });

  it('claims and completes many keys at once in fewer statements, each replaying its own response', async () => {
    const store = new IdempotencyStore(pools[0]);
    const keys = Array.from({ length: 40 }, (_, i) => `many-${i}`);
    const before = pools[0].statements;
    const claims = await Promise.all(keys.map((key) => store.claim('t-1', key, `hash-${key}`)));
    expect(claims).toEqual(keys.map(() => ({ outcome: 'claimed' })));
    await Promise.all(
      keys.map((key) =>
        store.complete(
          't-1',
          key,
          { status: 201, headers: { location: `/x/${key}` } },
          JSON.stringify({ key }),
        ),
      ),
    );
    expect(pools[0].statements - before).toBeLessThan(20);
    const replays = await Promise.all(keys.map((key) => store.claim('t-1', key, `hash-${key}`)));
    expect(replays).toEqual(
      keys.map((key) => ({
        outcome: 'replay',
        response: { status: 201, headers: { location: `/x/${key}` }, body: { key } },
      })),
    );
  });

  it('lets one of concurrent claims of a key take it: the others hear in_progress, or mismatch for another body', async () => {
    const store = new IdempotencyStore(pools[0]);
    const outcomes = await Promise.all([
      ...Array.from({ length: 5 }, () => store.claim('t-1', 'race', 'same')),
      store.claim('t-1', 'race', 'other'),
    ]);
    expect(outcomes.map((o) => o.outcome).sort()).toEqual([
      'claimed',
      'in_progress',
      'in_progress',
      'in_progress',
      'in_progress',
      'mismatch',
    ]);
  });

  it('keeps the request of an answer it may not keep: the same body runs again, another is a mismatch', async () => {
    const store = new IdempotencyStore(pools[0]);
    expect(await store.claim('t-1', 'secret-1', 'first')).toEqual({ outcome: 'claimed' });
    await store.completeUnkept('t-1', 'secret-1', 201);
    expect(await store.claim('t-1', 'secret-1', 'first')).toEqual({ outcome: 'not_kept' });
    expect(await store.claim('t-1', 'secret-1', 'other')).toEqual({ outcome: 'mismatch' });
    const { rows } = await pools[0].query(
      `SELECT status, body FROM platform.idempotency_keys WHERE tenant_id = 't-1' AND key = 'secret-1'`,
    );
    expect(rows).toEqual([{ status: 201, body: null }]);
  });

  it('keeps tenants apart within one statement', async () => {
    const store = new IdempotencyStore(pools[0]);
    const outcomes = await Promise.all(
      ['t-1', 't-2', 't-3'].map((tenant) => store.claim(tenant, 'shared-key', tenant)),
    );
    expect(outcomes).toEqual([
      { outcome: 'claimed' },
      { outcome: 'claimed' },
      { outcome: 'claimed' },
    ]);
  });

  it('never deadlocks two processes claiming the same keys in opposite orders', async () => {
    const [a, b] = pools.map((pool) => new IdempotencyStore(pool));
    for (let round = 0; round < 60; round++) {
      const keys = Array.from({ length: 30 }, (_, i) => `cross-${round}-${i}`);
      const outcomes = await Promise.all([
        ...keys.map((key) => a.claim('t-1', key, 'h')),
        ...[...keys].reverse().map((key) => b.claim('t-1', key, 'h')),
      ]);
      const claimed = outcomes.filter((o) => o.outcome === 'claimed').length;
      expect({ round, claimed }).toEqual({ round, claimed: keys.length });
    }
    expect(pools.flatMap((pool) => pool.failures)).toEqual([]);
  });
});
