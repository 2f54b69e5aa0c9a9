import { Controller, Get, Module, Post } from '@nestjs/common';
import type { Pool } from 'pg';
import { startServiceUnderTest, type ServiceUnderTest } from '@warranty/testing/service-app';
import { ApiKeys, Public } from '../src';
import { PG_POOL } from '../src/database';

let handled = 0;

@Controller('v1/counter')
class CounterController {
  @Get()
  read() {
    return { handled };
  }

  @Post()
  add() {
    return { handled: ++handled };
  }

  @Get('public')
  @Public()
  open() {
    return { open: true };
  }
}

@Module({ controllers: [CounterController] })
class CounterModule {}

describe('each API key’s request rate (429 with Retry-After)', () => {
  let svc: ServiceUnderTest;
  let keys: ApiKeys;
  const http = () => svc.http();
  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
  const previous = process.env.API_KEY_RATE_LIMIT;

  beforeAll(async () => {
    // The default for keys without their own rate: three a minute, one more every 20 s.
    process.env.API_KEY_RATE_LIMIT = '3';
    svc = await startServiceUnderTest(() => [CounterModule]);
    keys = svc.app.get(ApiKeys);
  });

  afterAll(async () => {
    if (previous === undefined) delete process.env.API_KEY_RATE_LIMIT;
    else process.env.API_KEY_RATE_LIMIT = previous;
    await svc?.close();
  });

  /** Sends `count` GETs with the key; the statuses in order. */
  const statuses = async (key: string, count: number) => {
    const seen: number[] = [];
    for (let i = 0; i < count; i++)
      seen.push((await http().get('/v1/counter').set(bearer(key))).status);
    return seen;
  };

  it('admits a minute’s worth, then answers 429 with a problem and Retry-After', async () => {
    const { key } = await keys.create('acme-retail', 'retailer');
    expect(await statuses(key, 3)).toEqual([200, 200, 200]);
    const refused = await http().get('/v1/counter').set(bearer(key)).expect(429);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(20);
    expect(refused.body).toMatchObject({
      type: '/problems/too-many-requests',
      status: 429,
      requestsPerMinute: 3,
      retryAfterSeconds: retryAfter,
    });
  });

  it('runs nothing and holds no Idempotency-Key for a refused POST', async () => {
    const { key } = await keys.create('acme-retail', 'retailer');
    await http().post('/v1/counter').set(bearer(key)).set('Idempotency-Key', 'first').expect(201);
    await statuses(key, 2);
    const before = handled;
    await http().post('/v1/counter').set(bearer(key)).set('Idempotency-Key', 'refused').expect(429);
    expect(handled).toBe(before);
    const { rows } = await svc.app
      .get<Pool>(PG_POOL)
      .query(`SELECT key FROM platform.idempotency_keys WHERE key IN ('first', 'refused')`);
    expect(rows).toEqual([{ key: 'first' }]);
  });

  it('counts each key apart, and neither requests without a key nor bad keys', async () => {
    const [busy, quiet] = [
      await keys.create('acme-retail', 'retailer'),
      await keys.create('acme-retail', 'retailer'),
    ];
    expect(await statuses(busy.key, 4)).toEqual([200, 200, 200, 429]);
    expect(await statuses(quiet.key, 1)).toEqual([200]);
    for (let i = 0; i < 5; i++) await http().get('/v1/counter/public').expect(200);
    await http()
      .get('/v1/counter')
      .set(bearer(`wk_${busy.keyId}_${'x'.repeat(32)}`))
      .expect(401);
  });

  it('gives a key its own rate, and applies a change to it within a second', async () => {
    const { key, keyId } = await keys.create('acme-retail', 'retailer', '', {
      requestsPerMinute: 10,
    });
    expect(await statuses(key, 11)).toEqual([...Array(10).fill(200), 429]);
    const refused = await http().get('/v1/counter').set(bearer(key)).expect(429);
    expect(refused.body.requestsPerMinute).toBe(10);

    expect(await keys.setRequestRate(keyId, 600_000)).toBe(true);
    let status = 429;
    for (const started = Date.now(); status === 429 && Date.now() - started < 2000;) {
      status = (await http().get('/v1/counter').set(bearer(key))).status;
      if (status === 429) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(status).toBe(200);
    expect((await keys.list()).find((k) => k.keyId === keyId)?.requestsPerMinute).toBe(600_000);
  });

  it('refuses a rate that is not a whole number of requests a minute from 1', async () => {
    await expect(
      keys.create('acme-retail', 'retailer', '', { requestsPerMinute: 0 }),
    ).rejects.toThrow(/whole number of requests a minute/);
    const { keyId } = await keys.create('acme-retail', 'retailer');
    await expect(keys.setRequestRate(keyId, 1.5)).rejects.toThrow(/whole number/);
    expect(await keys.setRequestRate('0123456789ab', 5)).toBe(false);
  });
});
