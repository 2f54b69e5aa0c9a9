import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { Pool } from 'pg';
import { migrate } from '@warranty/postgres';
import {
  IdempotencyKeyExpiry,
  IdempotencyStore,
  platformMigrations,
  pruneExpiredKeys,
} from '@warranty/platform';
import { type ExplainRow, planNodes } from '@warranty/testing/query-plans';
import { startServiceUnderTest, type ServiceUnderTest } from '@warranty/testing/service-app';
import { createTestDatabase, type TestDatabase } from '@warranty/testing/test-database';
import { waitUntil } from '@warranty/testing/wait-until';
import { PG_POOL } from '../src/database';
import { PRUNE_EXPIRED_KEYS } from '../src/idempotency/expired-keys';

const TENANT = 'acme-retail';

describe('Idempotency keys expire after their retention', () => {
  let db: TestDatabase;
  let pool: Pool;
  let store: IdempotencyStore;

  beforeAll(async () => {
    db = await createTestDatabase('idem_expiry');
    pool = new Pool({ connectionString: db.url, max: 6 });
    await migrate(pool, 'platform', platformMigrations);
    store = new IdempotencyStore(pool);
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });
  beforeEach(() => pool.query('TRUNCATE platform.idempotency_keys'));

  /** A key answered (or, with `answered: false`, still held) `hoursAgo` hours ago. */
  const keyTaken = async (key: string, hoursAgo: number, answered = true) => {
    expect(await store.claim(TENANT, key, `hash-${key}`)).toEqual({ outcome: 'claimed' });
    if (answered) await store.complete(TENANT, key, { status: 201, headers: {} }, '{"ok":true}');
    await pool.query(
      `UPDATE platform.idempotency_keys
          SET started_at = now() - make_interval(hours => $2),
              completed_at = CASE WHEN status IS NULL THEN NULL ELSE now() - make_interval(hours => $2) END
        WHERE key = $1`,
      [key, hoursAgo],
    );
  };
  const keysLeft = async () =>
    (
      await pool.query<{ key: string }>('SELECT key FROM platform.idempotency_keys ORDER BY key')
    ).rows.map((row) => row.key);

  it('deletes answered and abandoned keys past the retention, and nothing younger', async () => {
    await keyTaken('answered-25h', 25);
    await keyTaken('abandoned-30h', 30, false);
    await keyTaken('answered-23h', 23);
    await keyTaken('held-now', 0, false);

    expect(await pruneExpiredKeys(pool, { retentionHours: 24 })).toBe(2);

    expect(await keysLeft()).toEqual(['answered-23h', 'held-now']);
    expect(await store.claim(TENANT, 'answered-23h', 'hash-answered-23h')).toMatchObject({
      outcome: 'replay',
      response: { status: 201, body: { ok: true } },
    });
  });

  it('frees an expired key: the same key is a new request again', async () => {
    await keyTaken('reused', 48);
    await pruneExpiredKeys(pool, { retentionHours: 24 });
    expect(await store.claim(TENANT, 'reused', 'another-body')).toEqual({ outcome: 'claimed' });
  });

  it('deletes in batches, oldest first, reporting each batch', async () => {
    for (let i = 0; i < 10; i++) await keyTaken(`old-${i}`, 100 - i);
    await keyTaken('young', 1);
    const reports: number[] = [];

    const deleted = await pruneExpiredKeys(pool, {
      retentionHours: 24,
      batchSize: 3,
      onBatch: (soFar) => reports.push(soFar),
    });

    expect(deleted).toBe(10);
    expect(reports).toEqual([3, 6, 9, 10]);
    expect(await keysLeft()).toEqual(['young']);
  });

  it('stops between batches when told to, leaving the younger of the expired keys', async () => {
    for (let i = 0; i < 6; i++) await keyTaken(`old-${i}`, 100 - i);
    let batches = 0;
    const deleted = await pruneExpiredKeys(pool, {
      retentionHours: 24,
      batchSize: 2,
      onBatch: () => batches++,
      stopped: () => batches >= 2,
    });
    expect(deleted).toBe(4);
    expect(await keysLeft()).toEqual(['old-4', 'old-5']);
  });

  it('passes over a key a request holds locked instead of waiting for it', async () => {
    await keyTaken('locked', 30);
    await keyTaken('free', 30);
    const holder = await pool.connect();
    const sweeper = new Pool({
      connectionString: db.url,
      max: 1,
      options: '-c statement_timeout=2000',
    });
    try {
      await holder.query('BEGIN');
      await holder.query(`SELECT 1 FROM platform.idempotency_keys WHERE key = 'locked' FOR UPDATE`);
      expect(await pruneExpiredKeys(sweeper, { retentionHours: 24 })).toBe(1);
      await holder.query('ROLLBACK');
      expect(await keysLeft()).toEqual(['locked']);
    } finally {
      holder.release();
      await sweeper.end();
    }
  });

  it('lets several processes sweep at once, deleting every expired key once', async () => {
    await pool.query(
      `INSERT INTO platform.idempotency_keys (tenant_id, key, request_hash, status, started_at)
       SELECT $1, 'bulk-' || g, 'h', 201, now() - interval '2 days' FROM generate_series(1, 3000) AS g`,
      [TENANT],
    );
    const sweepers = Array.from(
      { length: 4 },
      () => new Pool({ connectionString: db.url, max: 1 }),
    );
    try {
      const deleted = await Promise.all(
        sweepers.map((sweeper) =>
          pruneExpiredKeys(sweeper, { retentionHours: 24, batchSize: 100 }),
        ),
      );
      expect(deleted.reduce((sum, n) => sum + n, 0)).toBe(3000);
      expect(await keysLeft()).toEqual([]);
    } finally {
      await Promise.all(sweepers.map((sweeper) => sweeper.end()));
    }
  });

  it('finds expired keys through the index on started_at, not by reading the table', async () => {
    await pool.query(
      `INSERT INTO platform.idempotency_keys (tenant_id, key, request_hash, status)
       SELECT $1, 'fresh-' || g, 'h', 201 FROM generate_series(1, 20000) AS g`,
      [TENANT],
    );
    await pool.query('ANALYZE platform.idempotency_keys');
    await pool.query('BEGIN');
    try {
      const { rows } = await pool.query<ExplainRow>(
        `EXPLAIN (ANALYZE, FORMAT JSON) ${PRUNE_EXPIRED_KEYS}`,
        [24, 1000],
      );
      const scans = planNodes(rows[0]['QUERY PLAN'][0].Plan).filter(
        (node) =>
          node['Relation Name'] === 'idempotency_keys' && node['Node Type'] !== 'ModifyTable',
      );
      expect(scans.map((node) => node['Node Type'])).not.toContain('Seq Scan');
    } finally {
      await pool.query('ROLLBACK');
    }
  });

  describe('the background sweep', () => {
    const lines: Array<{ level: string; fields: object; message: string }> = [];
    const log = {
      info: (fields: object, message: string) => lines.push({ level: 'info', fields, message }),
      warn: (fields: object, message: string) => lines.push({ level: 'warn', fields, message }),
    };
    beforeEach(() => {
      lines.length = 0;
    });

    it('sweeps after its first delay and then again at each interval, and says what it deleted', async () => {
      const expiry = new IdempotencyKeyExpiry(
        pool,
        { retentionHours: 24, firstAfterMs: 10, everyMs: 20 },
        log,
      );
      await keyTaken('first', 25);
      expiry.start();
      try {
        await waitUntil(async () => !(await keysLeft()).includes('first'));
        await keyTaken('second', 25);
        await waitUntil(async () => !(await keysLeft()).includes('second'));
      } finally {
        await expiry.stop();
      }
      expect(lines.filter((line) => line.message === 'expired idempotency keys deleted')).toEqual([
        expect.objectContaining({ level: 'info', fields: expect.objectContaining({ deleted: 1 }) }),
        expect.objectContaining({ level: 'info', fields: expect.objectContaining({ deleted: 1 }) }),
      ]);
    });

    it('keeps keys forever with a retention of 0 hours', async () => {
      const expiry = new IdempotencyKeyExpiry(
        pool,
        { retentionHours: 0, firstAfterMs: 1, everyMs: 1 },
        log,
      );
      await keyTaken('kept', 24 * 365);
      expiry.start();
      await new Promise((resolve) => setTimeout(resolve, 100));
      await expiry.stop();
      expect(await keysLeft()).toEqual(['kept']);
    });

    it('logs a failed sweep as a warning and tries again at the next interval', async () => {
      const broken = new Pool({ connectionString: db.url, max: 1 });
      const query = broken.query.bind(broken) as (...args: unknown[]) => Promise<unknown>;
      let failures = 1;
      (broken as unknown as { query: unknown }).query = (...args: unknown[]) =>
        failures-- > 0 ? Promise.reject(new Error('connection reset')) : query(...args);
      const expiry = new IdempotencyKeyExpiry(
        broken,
        { retentionHours: 24, firstAfterMs: 1, everyMs: 10 },
        log,
      );
      await keyTaken('after-failure', 25);
      expiry.start();
      try {
        await waitUntil(async () => (await keysLeft()).length === 0);
      } finally {
        await expiry.stop();
        await broken.end();
      }
      expect(lines[0]).toMatchObject({
        level: 'warn',
        message: 'deleting expired idempotency keys failed; the next sweep tries again',
      });
    });
  });
});

@Controller('v1/notes')
class NotesController {
  @Post()
  @HttpCode(201)
  add(@Body() body: { text?: string }) {
    return { text: body.text };
  }
}

@Module({ controllers: [NotesController] })
class NotesModule {}

describe('a service process and IDEMPOTENCY_KEY_RETENTION_HOURS', () => {
  let svc: ServiceUnderTest;
  let bearer: { authorization: string };
  const previous = process.env.IDEMPOTENCY_KEY_RETENTION_HOURS;

  beforeAll(async () => {
    process.env.IDEMPOTENCY_KEY_RETENTION_HOURS = '2';
    svc = await startServiceUnderTest(() => [NotesModule]);
    bearer = { authorization: `Bearer ${await svc.keyFor(TENANT, 'retailer')}` };
  });
  afterAll(async () => {
    if (previous === undefined) delete process.env.IDEMPOTENCY_KEY_RETENTION_HOURS;
    else process.env.IDEMPOTENCY_KEY_RETENTION_HOURS = previous;
    await svc?.close();
  });

  const note = (key: string, text: string) =>
    svc.http().post('/v1/notes').set(bearer).set('Idempotency-Key', key).send({ text });
  const age = (key: string, hours: number) =>
    svc.app
      .get<Pool>(PG_POOL)
      .query(
        `UPDATE platform.idempotency_keys SET started_at = now() - make_interval(hours => $2) WHERE key = $1`,
        [key, hours],
      );

  it('answers a key with its first response until the retention has passed, then takes it as new', async () => {
    await note('note-1', 'first').expect(201);
    await note('note-2', 'first').expect(201);
    await age('note-1', 3);
    await age('note-2', 1);

    expect(await svc.app.get(IdempotencyKeyExpiry).sweep()).toBe(1);

    const reused = await note('note-1', 'second').expect(201);
    expect(reused.body).toEqual({ text: 'second' });
    expect(reused.headers['idempotent-replayed']).toBeUndefined();
    await note('note-2', 'second').expect(422);
    const replayed = await note('note-2', 'first').expect(201);
    expect(replayed.headers['idempotent-replayed']).toBe('true');
  });
});
