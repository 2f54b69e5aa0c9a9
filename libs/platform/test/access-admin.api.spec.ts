import type { Pool } from 'pg';
import { startServiceUnderTest, type ServiceUnderTest } from '@warranty/testing/service-app';
import { waitUntil } from '@warranty/testing/wait-until';
import { AccessAdminModule, buildApiDocument } from '../src';
import { PG_POOL } from '../src/database';

describe('operators’ tenants and API keys over HTTP (/v1/admin/tenants, /v1/admin/api-keys)', () => {
  let svc: ServiceUnderTest;
  let admin: string;
  let retailer: string;
  const http = () => svc.http();
  const as = (key: string) => ({ authorization: `Bearer ${key}` });
  const sql = <T>(text: string, values: unknown[] = []) =>
    svc.app
      .get<Pool>(PG_POOL)
      .query(text, values)
      .then((result) => result.rows as T[]);

  beforeAll(async () => {
    svc = await startServiceUnderTest(() => [AccessAdminModule]);
    admin = await svc.keyFor('ops', 'admin');
    retailer = await svc.keyFor('acme-retail', 'retailer');
  });
  afterAll(() => svc?.close());

  it('serves admins only: 401 without a key, 403 for any other role', async () => {
    for (const [method, path] of [
      ['get', '/v1/admin/tenants'],
      ['post', '/v1/admin/tenants'],
      ['get', '/v1/admin/api-keys'],
      ['post', '/v1/admin/api-keys'],
    ] as const) {
      const anonymous = await http()[method](path).expect(401);
      expect(anonymous.headers['www-authenticate']).toBe('Bearer realm="warranty"');
      const refused = await http()[method](path).set(as(retailer)).send({}).expect(403);
      expect(refused.body).toMatchObject({ type: '/problems/forbidden-role' });
    }
  });

  it('adds a tenant once, shows it, and pages through tenants by id', async () => {
    const added = await http()
      .post('/v1/admin/tenants')
      .set(as(admin))
      .send({ tenantId: 'bright-electronics', name: 'Bright Electronics Ltd' })
      .expect(201);
    expect(added.body).toEqual({
      tenantId: 'bright-electronics',
      name: 'Bright Electronics Ltd',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(added.headers.location).toBe('/v1/admin/tenants/bright-electronics');
    const again = await http()
      .post('/v1/admin/tenants')
      .set(as(admin))
      .send({ tenantId: 'bright-electronics', name: 'Another name' })
      .expect(409);
    expect(again.body).toMatchObject({
      type: '/problems/tenant-exists',
      tenantId: 'bright-electronics',
    });
    await http().get('/v1/admin/tenants/bright-electronics').set(as(admin)).expect(200, added.body);
    await http().get('/v1/admin/tenants/nobody-here').set(as(admin)).expect(404);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const { body } = await http()
        .get('/v1/admin/tenants')
        .query({ limit: 2, ...(cursor ? { cursor } : {}) })
        .set(as(admin))
        .expect(200);
      expect(body.items.length).toBeLessThanOrEqual(2);
      seen.push(...body.items.map((tenant: { tenantId: string }) => tenant.tenantId));
      cursor = body.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(['acme-retail', 'bright-electronics', 'ops']);
  });

  it('refuses bad input with field errors and writes nothing', async () => {
    const res = await http()
      .post('/v1/admin/api-keys')
      .set(as(admin))
      .send({ tenantId: 'Not A Tenant', role: 'owner', requestsPerMinute: 0, extra: true })
      .expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'extra',
      'requestsPerMinute',
      'role',
      'tenantId',
    ]);
    await http()
      .post('/v1/admin/tenants')
      .set(as(admin))
      .send({ tenantId: 'x', name: '' })
      .expect(400);
    const missing = await http()
      .post('/v1/admin/api-keys')
      .set(as(admin))
      .send({ tenantId: 'no-such-tenant', role: 'retailer' })
      .expect(404);
    expect(missing.body).toMatchObject({ type: '/problems/tenant-not-found' });
    expect(await sql(`SELECT 1 FROM platform.api_keys WHERE tenant_id = 'no-such-tenant'`)).toEqual(
      [],
    );
  });

  it('issues a working key shown once, never stored for replay, and refuses to issue it twice', async () => {
    const issue = () =>
      http()
        .post('/v1/admin/api-keys')
        .set(as(admin))
        .set('Idempotency-Key', 'onboard-bright-1')
        .send({
          tenantId: 'bright-electronics',
          role: 'retailer',
          label: 'POS',
          requestsPerMinute: 600,
        });
    const issued = await issue().expect(201);
    expect(issued.headers['cache-control']).toBe('no-store');
    expect(issued.body).toEqual({
      keyId: expect.stringMatching(/^[0-9a-f]{12}$/),
      key: expect.stringMatching(/^wk_[0-9a-f]{12}_/),
      tenantId: 'bright-electronics',
      role: 'retailer',
      label: 'POS',
      requestsPerMinute: 600,
      revoked: false,
      createdAt: expect.any(String),
      revokedAt: null,
    });
    expect(issued.body.key.startsWith(`wk_${issued.body.keyId}_`)).toBe(true);
    expect(issued.headers.location).toBe(`/v1/admin/api-keys/${issued.body.keyId}`);
    // The key authenticates: a retailer is refused an admin route (403), not unknown (401).
    await http().get('/v1/admin/tenants').set(as(issued.body.key)).expect(403);

    // The secret is base64url, so it may hold '_' itself: everything after the key id is secret.
    const secret = issued.body.key.slice(`wk_${issued.body.keyId}_`.length);
    expect(secret.length).toBeGreaterThanOrEqual(32);
    // The key keeps the request, never the answer.
    expect(
      await sql(
        `SELECT key, body FROM platform.idempotency_keys WHERE body::text LIKE $1 OR key = $2`,
        [`%${secret}%`, 'onboard-bright-1'],
      ),
    ).toEqual([{ key: 'onboard-bright-1', body: null }]);

    const retried = await issue().expect(409);
    expect(retried.body).toMatchObject({
      type: '/problems/api-key-already-issued',
      keyId: issued.body.keyId,
    });
    expect(JSON.stringify(retried.body)).not.toContain(secret);
    const reused = await http()
      .post('/v1/admin/api-keys')
      .set(as(admin))
      .set('Idempotency-Key', 'onboard-bright-1')
      .send({ tenantId: 'bright-electronics', role: 'retailer', label: 'Web shop' })
      .expect(422);
    expect(reused.body.type).toBe('/problems/idempotency-key-reused');
    expect(
      await sql(`SELECT id FROM platform.api_keys WHERE tenant_id = 'bright-electronics'`),
    ).toEqual([{ id: issued.body.keyId }]);
  });

  it('documents only the headers it sends: a Location, no stream receipt (no ETag, no position)', async () => {
    const document = buildApiDocument(svc.app, 'admin');
    const issued = document.paths['/v1/admin/api-keys'].post!.responses['201'] as {
      headers: Record<string, unknown>;
    };
    expect(Object.keys(issued.headers)).toEqual(['Location']);
    const revoked = document.paths['/v1/admin/api-keys/{keyId}/revocation'].post!.responses[
      '200'
    ] as { headers?: Record<string, unknown> };
    expect(Object.keys(revoked.headers ?? {})).toEqual([]);
    const { headers } = await http()
      .post('/v1/admin/tenants')
      .set(as(admin))
      .send({ tenantId: 'headers-check', name: 'Headers' })
      .expect(201);
    expect(headers.etag).toBeUndefined();
    expect(headers['x-global-position']).toBeUndefined();
  });

  it('lists keys without secrets, by tenant, and sets and resets a key’s own rate', async () => {
    const { body: issued } = await http()
      .post('/v1/admin/api-keys')
      .set(as(admin))
      .send({ tenantId: 'acme-retail', role: 'retailer' })
      .expect(201);
    const { body: listed } = await http()
      .get('/v1/admin/api-keys')
      .query({ tenantId: 'acme-retail' })
      .set(as(admin))
      .expect(200);
    expect(listed.items.map((key: { keyId: string }) => key.keyId)).toContain(issued.keyId);
    expect(listed.items.every((key: { tenantId: string }) => key.tenantId === 'acme-retail')).toBe(
      true,
    );
    expect(JSON.stringify(listed)).not.toMatch(/wk_|key_hash/);

    const rate = (requestsPerMinute: unknown) =>
      http()
        .post(`/v1/admin/api-keys/${issued.keyId}/request-rate`)
        .set(as(admin))
        .send({ requestsPerMinute });
    expect((await rate(1200).expect(200)).body).toMatchObject({ requestsPerMinute: 1200 });
    expect((await rate(null).expect(200)).body).toMatchObject({ requestsPerMinute: null });
    await rate(0).expect(400);
    await rate('fast').expect(400);
    await http()
      .post('/v1/admin/api-keys/0123456789ab/request-rate')
      .set(as(admin))
      .send({ requestsPerMinute: 10 })
      .expect(404);
  });

  it('revokes a key: every request with it is refused within a second; revoking again changes nothing', async () => {
    const { body: issued } = await http()
      .post('/v1/admin/api-keys')
      .set(as(admin))
      .send({ tenantId: 'acme-retail', role: 'admin' })
      .expect(201);
    await http().get('/v1/admin/tenants').set(as(issued.key)).expect(200);

    const revoked = await http()
      .post(`/v1/admin/api-keys/${issued.keyId}/revocation`)
      .set(as(admin))
      .expect(200);
    expect(revoked.body).toMatchObject({ revoked: true, revokedAt: expect.any(String) });
    await waitUntil(
      async () => (await http().get('/v1/admin/tenants').set(as(issued.key))).status === 401,
      { timeoutMs: 1000 },
    );
    const again = await http()
      .post(`/v1/admin/api-keys/${issued.keyId}/revocation`)
      .set(as(admin))
      .expect(200);
    expect(again.body.revokedAt).toBe(revoked.body.revokedAt);
    await http()
      .post(`/v1/admin/api-keys/${issued.keyId}/request-rate`)
      .set(as(admin))
      .send({ requestsPerMinute: 10 })
      .expect(409);
    await http().post('/v1/admin/api-keys/0123456789ab/revocation').set(as(admin)).expect(404);
    await http().get(`/v1/admin/api-keys/${issued.keyId}`).set(as(admin)).expect(200, revoked.body);
  });
});
