import { Pool } from 'pg';
import type { Response } from 'supertest';
import { IdempotencyStore } from '@warranty/platform';
import { STANDARD_PLAN, unitRegistration } from '@warranty/testing';
import { startServiceUnderTest, type ServiceUnderTest } from '@warranty/testing/service-app';
import { ClaimsModule } from '../../services/claims/src/claims.module';
import { ProjectionsApiModule } from '../../services/projections/src/api/projections-api.module';
import { RegistrationModule } from '../../services/registration/src/registration.module';
import { RepairsModule } from '../../services/repairs/src/repairs.module';
import { ReturnsModule } from '../../services/returns/src/returns.module';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Role = 'retailer' | 'manufacturer' | 'service_center';
interface Route {
  method: 'post' | 'put';
  path: string;
  role: Role;
  body: Json;
}

const SHA = 'a'.repeat(64);
const NUL = 'a\u0000b';
const LONE_SURROGATE = 'a\ud800b';

/** Every leaf of a JSON value with its path, e.g. [['owner', 'email'], 'ada@example.com']. */
function leaves(value: Json, path: string[] = []): Array<[string[], Json]> {
  if (value === null || typeof value !== 'object') return [[path, value]];
  const entries = Array.isArray(value)
    ? value.map((v, i) => [String(i), v] as const)
    : Object.entries(value);
  return entries.flatMap(([key, child]) => leaves(child, [...path, key]));
}

function replaced(value: Json, path: string[], by: Json): Json {
  if (path.length === 0) return by;
  const [head, ...rest] = path;
  if (Array.isArray(value))
    return value.map((v, i) => (String(i) === head ? replaced(v, rest, by) : v));
  const record = value as Record<string, Json>;
  return { ...record, [head]: replaced(record[head], rest, by) };
}

/** The extension route's body names this plan: only a defined extension plan is accepted. */
const EXTENSION_PLAN = {
  ...STANDARD_PLAN,
  code: 'EXT-12',
  months: 12,
  coverage: ['parts'],
  kind: 'extension',
};

const nested = (depth: number): string => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

describe('the edge refuses bad input with 400 problem+json and writes nothing', () => {
  let svc: ServiceUnderTest;
  let pool: Pool;
  const keys = {} as Record<Role, string>;
  let claimId: string;
  let rmaId: string;
  let repairOrderId: string;
  let units = 0;
  const productId = 'acme-appliances~EDGE-UNIT';

  const events = async () =>
    Number((await pool.query('SELECT count(*) AS n FROM event_store.events')).rows[0].n);

  const send = (
    route: Pick<Route, 'method' | 'path' | 'role'>,
    raw: string | undefined,
    headers: Record<string, string> = {},
  ) => {
    const req = svc
      .http()
      [route.method](route.path)
      .set('Authorization', `Bearer ${keys[route.role]}`)
      .set(headers);
    return raw === undefined ? req : req.set('Content-Type', 'application/json').send(raw);
  };

  /** The response is a 400 problem naming `field` (when given), and no event was appended. */
  async function expectRefused(
    request: () => PromiseLike<Response>,
    field?: string | RegExp,
    status = 400,
  ): Promise<Response> {
    const before = await events();
    const res = await request();
    const sent = (res as { req?: { method?: string; path?: string } }).req;
    const label = `${sent?.method} ${sent?.path}`;
    expect({ label, status: res.status, body: res.body }).toMatchObject({
      status,
      body: { status },
    });
    expect(res.headers['content-type']).toContain('application/problem+json');
    if (field !== undefined)
      expect({ label, body: res.body, errors: res.body.errors }).toMatchObject({
        errors: expect.anything(),
      });
    if (field !== undefined)
      expect(res.body.errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            field: typeof field === 'string' ? field : expect.stringMatching(field),
          }),
        ]),
      );
    expect(await events()).toBe(before);
    return res;
  }

  beforeAll(async () => {
    svc = await startServiceUnderTest((url) => [
      RegistrationModule,
      ClaimsModule,
      ReturnsModule,
      RepairsModule,
      ProjectionsApiModule.forRoot(url),
    ]);
    pool = new Pool({ connectionString: svc.database.url, max: 2 });
    keys.manufacturer = await svc.keyFor('acme-appliances', 'manufacturer');
    keys.retailer = await svc.keyFor('acme-retail', 'retailer');
    keys.service_center = await svc.keyFor('fixit-depot', 'service_center');
    for (const plan of [STANDARD_PLAN, EXTENSION_PLAN])
      await send(
        { method: 'post', path: '/v1/warranty-plans', role: 'manufacturer' },
        JSON.stringify(plan),
      ).expect(201);
    await send(
      { method: 'post', path: '/v1/products', role: 'retailer' },
      JSON.stringify(unitRegistration('EDGE-UNIT')),
    ).expect(201);
    const filed = await send(
      { method: 'post', path: '/v1/claims', role: 'retailer' },
      JSON.stringify(claimBody('EDGE-UNIT')),
    ).expect(201);
    claimId = filed.body.claimId;
    const authorized = await send(
      { method: 'post', path: '/v1/rmas', role: 'manufacturer' },
      JSON.stringify(rmaBody),
    ).expect(201);
    rmaId = authorized.body.rmaId;
    await send(
      { method: 'put', path: '/v1/repair-rates/fixit-depot', role: 'manufacturer' },
      JSON.stringify(repairRates),
    ).expect(200);
    const opened = await send(
      { method: 'post', path: '/v1/repair-orders', role: 'manufacturer' },
      JSON.stringify(repairOrderBody),
    ).expect(201);
    repairOrderId = opened.body.repairOrderId;
  });
  afterAll(async () => {
    await pool?.end();
    await svc?.close();
  });

  const claimBody = (serialNumber: string): Json => ({
    manufacturerId: 'acme-appliances',
    serialNumber,
    failureDate: '2026-06-01',
    defect: { category: 'electrical', description: 'Drum stops mid-cycle' },
    evidence: [
      { kind: 'photo', uri: 'https://files.example.com/e.jpg', sha256: SHA, sizeBytes: 4821 },
    ],
    customer: { name: 'Ada Lovelace', email: 'ada@example.com', phone: '+44 20 7946 0000' },
    requestedResolution: 'repair',
    proofOfPurchase: { date: '2026-01-10', retailerId: 'acme-retail', reference: 'INV-1' },
    model: 'WM-9000',
    productCategory: 'washing_machine',
  });

  const rmaBody: Json = {
    type: 'advance_exchange',
    manufacturerId: 'acme-appliances',
    lines: [{ serialNumber: 'EDGE-UNIT' }],
    shipTo: { locationId: 'leeds', name: 'Depot', address: '1 Dock Road' },
    shippingLabel: { carrier: 'DHL', trackingNumber: 'LBL-1' },
    deposit: { amount: 5000, currency: 'EUR' },
  };

  const repairRates: Json = {
    laborRatePerHour: { amount: 6000, currency: 'EUR' },
    partsMarkupBasisPoints: 1000,
    diagnosisFee: { amount: 2500, currency: 'EUR' },
  };

  const repairOrderBody: Json = {
    manufacturerId: 'acme-appliances',
    serviceCenterId: 'fixit-depot',
    serialNumber: 'EDGE-UNIT',
    claimId: 'claim-1',
    reportedDefect: 'Drum does not spin',
    planLimit: { amount: 50000, currency: 'EUR' },
  };

  /** Every write route with a body it accepts. */
  const routes = (): Route[] => {
    const claim = `/v1/claims/${claimId}`;
    const money = { amount: 1000, currency: 'EUR' };
    return [
      {
        method: 'post',
        path: '/v1/warranty-plans',
        role: 'manufacturer',
        body: { ...STANDARD_PLAN, code: 'EDGE-PLAN', kind: 'base' },
      },
      {
        method: 'post',
        path: '/v1/products',
        role: 'retailer',
        body: unitRegistration(`EDGE-${++units}`, { retailerId: 'acme-retail' }) as Json,
      },
      {
        method: 'post',
        path: `/v1/products/${productId}/extensions`,
        role: 'manufacturer',
        body: {
          planCode: 'EXT-12',
          extraMonths: 12,
          coverage: ['parts'],
          contractReference: 'CTR-1',
        },
      },
      {
        method: 'post',
        path: `/v1/products/${productId}/transfers`,
        role: 'retailer',
        body: {
          newOwner: { customerId: 'c-2', name: 'Bob', email: 'bob@example.com', country: 'GB' },
          transferDate: '2026-06-01',
        },
      },
      {
        method: 'post',
        path: `/v1/products/${productId}/void`,
        role: 'manufacturer',
        body: { reason: 'other', notes: 'seal broken' },
      },
      {
        method: 'post',
        path: `/v1/products/${productId}/cancellation`,
        role: 'retailer',
        body: { reason: 'registered_in_error', notes: 'typo' },
      },
      { method: 'post', path: '/v1/claims', role: 'retailer', body: claimBody('EDGE-UNIT') },
      { method: 'post', path: `${claim}/review`, role: 'manufacturer', body: {} },
      {
        method: 'post',
        path: `${claim}/info-requests`,
        role: 'manufacturer',
        body: { question: 'Photo?', dueBy: '2026-07-01T17:00:00Z' },
      },
      {
        method: 'post',
        path: `${claim}/info`,
        role: 'retailer',
        body: {
          answer: 'Here',
          attachments: [{ kind: 'photo', uri: 's3://b/k', sha256: SHA, sizeBytes: 1 }],
        },
      },
      {
        method: 'post',
        path: `${claim}/approval`,
        role: 'manufacturer',
        body: { resolution: 'refund', approvedAmount: money, goodwill: false, notes: 'ok' },
      },
      {
        method: 'post',
        path: `${claim}/rejection`,
        role: 'manufacturer',
        body: { reasonCode: 'other', notes: 'no' },
      },
      {
        method: 'post',
        path: `${claim}/appeal`,
        role: 'retailer',
        body: { grounds: 'Please reconsider' },
      },
      { method: 'post', path: `${claim}/withdrawal`, role: 'retailer', body: { reason: 'fixed' } },
      {
        method: 'post',
        path: `${claim}/fulfilment`,
        role: 'manufacturer',
        body: { rmaId: 'RMA-1' },
      },
      {
        method: 'post',
        path: `${claim}/resolution`,
        role: 'manufacturer',
        body: { outcome: 'repaired', rmaId: 'RMA-1', repairOrderId: 'RO-1' },
      },
      { method: 'post', path: `${claim}/closure`, role: 'manufacturer', body: {} },
      {
        method: 'put',
        path: '/v1/claim-review-policy',
        role: 'manufacturer',
        body: { soonAfterPurchaseDays: 30, maxClaimsPerUnit: 2, maxClaimsPerCustomerPerYear: 3 },
      },
      { method: 'post', path: '/v1/rmas', role: 'manufacturer', body: rmaBody },
      {
        method: 'post',
        path: `/v1/rmas/${rmaId}/shipment`,
        role: 'retailer',
        body: { carrier: 'DHL', trackingNumber: 'T-1' },
      },
      {
        method: 'post',
        path: `/v1/rmas/${rmaId}/receipt`,
        role: 'manufacturer',
        body: { lineId: 'line-1', serialNumber: 'EDGE-UNIT', notes: 'boxed' },
      },
      {
        method: 'post',
        path: `/v1/rmas/${rmaId}/inspection`,
        role: 'manufacturer',
        body: {
          lineId: 'line-1',
          grade: 'B',
          finding: 'defect_confirmed',
          disposition: 'exchange',
          notes: 'burnt',
        },
      },
      {
        method: 'post',
        path: `/v1/rmas/${rmaId}/exchange-shipment`,
        role: 'manufacturer',
        body: {
          lineId: 'line-1',
          replacementSerialNumber: 'EDGE-NEW',
          carrier: 'UPS',
          trackingNumber: 'T-2',
        },
      },
      {
        method: 'post',
        path: `/v1/rmas/${rmaId}/refund`,
        role: 'manufacturer',
        body: { lineId: 'line-1', amount: money, reference: 'RF-1' },
      },
      {
        method: 'post',
        path: `/v1/rmas/${rmaId}/disposition`,
        role: 'manufacturer',
        body: { lineId: 'line-1', disposition: 'scrap', reference: 'SCRAP-1' },
      },
      {
        method: 'post',
        path: `/v1/rmas/${rmaId}/cancellation`,
        role: 'manufacturer',
        body: { reason: 'Kept it' },
      },
      {
        method: 'put',
        path: '/v1/return-policies/acme-retail',
        role: 'retailer',
        body: { returnWindowDays: 45 },
      },
      ...repairRoutes(),
    ];
  };

  const repairRoutes = (): Route[] => {
    const order = `/v1/repair-orders/${repairOrderId}`;
    const parts = [{ sku: 'MOTOR-1', quantity: 1, unitCost: { amount: 10000, currency: 'EUR' } }];
    const work = (step: string, body: Json): Route => ({
      method: 'post',
      path: `${order}/${step}`,
      role: 'service_center',
      body,
    });
    return [
      {
        method: 'put',
        path: '/v1/repair-rates/fixit-depot',
        role: 'manufacturer',
        body: repairRates,
      },
      { method: 'post', path: '/v1/repair-orders', role: 'manufacturer', body: repairOrderBody },
      work('assignment', { technician: 'tech-ana' }),
      work('diagnosis', { findings: 'Burnt motor', faultCode: 'E21', parts, laborMinutes: 90 }),
      { method: 'post', path: `${order}/estimate-approval`, role: 'retailer', body: {} },
      {
        method: 'post',
        path: `${order}/estimate-decline`,
        role: 'retailer',
        body: { reason: 'Too dear' },
      },
      work('parts-orders', { parts, supplierReference: 'PO-1' }),
      work('parts-receipts', { parts }),
      work('work-logs', { laborMinutes: 45, notes: 'Motor swapped' }),
      work('completion', { notes: 'Runs' }),
      work('quality-checks', { passed: false, notes: 'Noisy' }),
      work('shipment', { carrier: 'DHL', trackingNumber: 'T-9' }),
      work('closure', {}),
      work('unrepairable', { reason: 'Board discontinued' }),
      {
        method: 'post',
        path: `${order}/reassignment`,
        role: 'manufacturer',
        body: { serviceCenterId: 'quickfix', reason: 'Closer' },
      },
    ];
  };

  describe('dates', () => {
    const BAD_DATES: Json[] = [
      '0000-01-01',
      '1899-12-31',
      '2200-01-01',
      '9999-12-31',
      '2026-02-30',
      '2026-13-01',
      '2026-1-1',
      '+002026-01-01',
      20260101,
    ];
    const dateFields = (): Array<[string, Route, string[]]> => {
      const [, products, , transfers, , , claims] = routes();
      return [
        ['purchaseDate', products, ['purchaseDate']],
        ['transferDate', transfers, ['transferDate']],
        ['failureDate', claims, ['failureDate']],
        ['proofOfPurchase.date', claims, ['proofOfPurchase', 'date']],
      ];
    };

    it('refuses every out-of-range or unreal date in every body field', async () => {
      for (const [field, route, path] of dateFields())
        for (const bad of BAD_DATES)
          await expectRefused(
            () => send(route, JSON.stringify(replaced(route.body, path, bad))),
            new RegExp(`^${field.replace('.', '\\.')}$`),
          );
    });

    it('refuses out-of-range instants in bodies', async () => {
      const route = routes()[8];
      for (const bad of [
        '0000-01-01T00:00:00Z',
        '1899-12-31T23:59:59Z',
        '2200-01-01T00:00:00Z',
        '2026-02-30T10:00:00Z',
        '2026-06-15',
        '2026-06-15T10:00:00',
      ])
        await expectRefused(
          () => send(route, JSON.stringify({ question: 'Photo?', dueBy: bad })),
          /^dueBy$/,
        );
    });

    it('refuses bad dates in every query parameter', async () => {
      const get = (path: string) => () =>
        svc.http().get(path).set('Authorization', `Bearer ${keys.retailer}`);
      for (const bad of ['0000-01-01', '2200-01-01', '2026-02-30', '1899-12-31'])
        for (const [path, field] of [
          [`/v1/claim-list?filedFrom=${bad}`, 'filedFrom'],
          [`/v1/claim-list?filedTo=${bad}`, 'filedTo'],
          [`/v1/coverage?manufacturerId=acme-appliances&serialNumber=EDGE-UNIT&on=${bad}`, 'on'],
          [`/v1/claims/${claimId}?asOf=${bad}`, 'asOf'],
          [`/v1/claims/${claimId}?asOf=${bad}T12:00:00Z`, 'asOf'],
        ])
          await expectRefused(get(path), new RegExp(`^${field}$`));
    });

    it('reads a date-only asOf as the end of that day (UTC)', async () => {
      const get = (asOf: string) =>
        svc
          .http()
          .get(`/v1/claims/${claimId}?asOf=${asOf}`)
          .set('Authorization', `Bearer ${keys.retailer}`);
      // The test clock filed the claim at 2026-06-15T10:00Z.
      const sameDay = await get('2026-06-15').expect(200);
      expect(sameDay.body.asOf).toBe('2026-06-15T23:59:59.999Z');
      await get('2026-06-15T23:59:59Z').expect(200);
      await get('2026-06-14').expect(404);
    });
  });

  describe('text', () => {
    it('refuses NUL and unpaired surrogates in every string of every body', async () => {
      for (const route of routes())
        for (const [path, value] of leaves(route.body))
          if (typeof value === 'string')
            for (const bad of [NUL, LONE_SURROGATE, '\udc00'])
              await expectRefused(
                () => send(route, JSON.stringify(replaced(route.body, path, bad))),
                path.join('.').replace(/\.(\d+)(?=\.|$)/g, '[$1]'),
              );
    });

    it('refuses NUL and unpaired surrogates in field names, known or not, at any depth', async () => {
      for (const route of routes()) {
        const body = route.body as Record<string, Json>;
        for (const bad of [NUL, LONE_SURROGATE]) {
          await expectRefused(() => send(route, JSON.stringify({ ...body, [bad]: 1 })));
          await expectRefused(() =>
            send(route, JSON.stringify({ ...body, nested: { [bad]: 'x' } })),
          );
          // The idempotency store once failed to save the 400 that echoed such a name.
          await expectRefused(() =>
            send(route, JSON.stringify({ ...body, [bad]: 1 }), {
              'Idempotency-Key': `k-${++units}`,
            }),
          );
        }
      }
    });

    it('refuses NUL and unpaired surrogates in path parameters and query strings', async () => {
      const get = (path: string) => () =>
        svc.http().get(path).set('Authorization', `Bearer ${keys.retailer}`);
      for (const bad of ['%00', '%ED%A0%80', '%C0%80', '%ZZ'])
        for (const path of [
          `/v1/products/acme-appliances~A${bad}B`,
          `/v1/cases/a${bad}b`,
          `/v1/claims/a${bad}b`,
          `/v1/claims/a${bad}b/history`,
          `/v1/coverage?manufacturerId=acme-appliances&serialNumber=A${bad}B`,
          `/v1/claim-list?serialNumber=A${bad}B`,
          `/v1/plan-catalog?cursor=${bad}`,
          `/v1/claim-list?x${bad}=1`,
        ]) {
          const res = await expectRefused(get(path));
          expect(res.status).toBe(400);
        }
    });

    it('answers odd path parameters without a 5xx', async () => {
      for (const id of [
        'x'.repeat(5000),
        '%20',
        '..',
        'acme-appliances~',
        '~',
        'a~b~c',
        '%F0%9F%98%80',
      ])
        for (const path of [`/v1/products/${id}`, `/v1/cases/${id}`, `/v1/claims/${id}`])
          for (const method of ['get', 'post'] as const) {
            const res = await svc
              .http()
              [method](method === 'post' ? `${path}/void` : path)
              .set('Authorization', `Bearer ${keys.manufacturer}`)
              .send({ reason: 'other' });
            expect({ path, method, serverError: res.status >= 500 }).toMatchObject({
              serverError: false,
            });
          }
    });

    it('keeps paired surrogates (emoji) as ordinary text', async () => {
      const route = routes()[1];
      await send(route, JSON.stringify(replaced(route.body, ['model'], 'WM 😀'))).expect(201);
    });
  });

  describe('structure', () => {
    it('refuses JSON nested deeper than 32 levels on every route, however deep', async () => {
      for (const route of routes())
        for (const depth of [33, 100, 10_000])
          await expectRefused(() => send(route, nested(depth)));
      // 32 levels is allowed past the depth check; the unknown field is what is refused then.
      const ok = await expectRefused(() => send(routes()[0], nested(32)));
      expect(JSON.stringify(ok.body.errors)).not.toMatch(/nest/);
    });

    it('refuses __proto__, constructor and prototype keys like any other unknown field', async () => {
      for (const route of routes())
        for (const key of ['__proto__', 'constructor', 'prototype']) {
          const rest = JSON.stringify(route.body).slice(1);
          const body = rest === '}' ? rest : `,${rest}`;
          await expectRefused(() => send(route, `{"${key}":{"x":1}${body}`), key);
          await expectRefused(() => send(route, `{"${key}":null${body}`), key);
        }
      const products = routes()[1];
      await expectRefused(
        () =>
          send(
            products,
            JSON.stringify(products.body).replace(
              '"price":{',
              '"price":{"__proto__":{"amount":1},',
            ),
          ),
        'price.__proto__',
      );
    });

    it('answers a 20 kB URL with 431 problem+json', async () => {
      const res = await svc
        .http()
        .get(`/v1/claims?serialNumber=${'A'.repeat(20_000)}`)
        .set('Authorization', `Bearer ${keys.retailer}`);
      expect(res.status).toBe(431);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(JSON.parse(res.text)).toMatchObject({
        status: 431,
        type: '/problems/request-header-too-large',
      });
    });
  });

  describe('PUT /v1/claim-review-policy', () => {
    it('refuses an empty body or none at all and writes nothing', async () => {
      const route = routes().at(-1)!;
      await expectRefused(() => send(route, '{}'));
      await expectRefused(() => send(route, undefined));
      await expectRefused(() => send(route, 'null'));
    });
  });

  describe('serial numbers', () => {
    it('refuses non-ASCII serials on every route that takes one, with a field message', async () => {
      const [, products, , , , , claims] = routes();
      for (const serial of ['straße', 'ſn-1', 'ﬀ-1', 'ı-1', 'ＡＢ'])
        for (const route of [products, claims])
          await expectRefused(
            () => send(route, JSON.stringify(replaced(route.body, ['serialNumber'], serial))),
            /^serialNumber$/,
          );
      const get = (path: string) => () =>
        svc.http().get(path).set('Authorization', `Bearer ${keys.retailer}`);
      await expectRefused(
        get(
          `/v1/coverage?manufacturerId=acme-appliances&serialNumber=${encodeURIComponent('ſn-1')}`,
        ),
        /^serialNumber$/,
      );
      await expectRefused(
        get(`/v1/claim-list?serialNumber=${encodeURIComponent('ß')}`),
        /^serialNumber$/,
      );
    });

    it('keeps ASCII case folding: a lower-case serial finds the unit', async () => {
      const res = await svc
        .http()
        .get('/v1/coverage?manufacturerId=acme-appliances&serialNumber=edge-unit')
        .set('Authorization', `Bearer ${keys.retailer}`);
      expect(res.status).toBeLessThan(500);
      expect(res.status).not.toBe(400);
    });
  });

  describe('Idempotency-Key', () => {
    const products = () => routes()[1];

    it('stores no result for a request refused by validation, so a corrected retry succeeds', async () => {
      const route = products();
      const key = 'pos-sale-1';
      await expectRefused(() =>
        send(route, JSON.stringify(replaced(route.body, ['purchaseDate'], '0000-01-01')), {
          'Idempotency-Key': key,
        }),
      );
      await expectRefused(() =>
        send(route, JSON.stringify({ ...(route.body as object), extra: NUL }), {
          'Idempotency-Key': key,
        }),
      );
      const fixed = await send(route, JSON.stringify(route.body), {
        'Idempotency-Key': key,
      }).expect(201);
      expect(fixed.headers['idempotent-replayed']).toBeUndefined();
      const replay = await send(route, JSON.stringify(route.body), {
        'Idempotency-Key': key,
      }).expect(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
    });

    it('stores no result for a refusal that wrote nothing (404, 409)', async () => {
      const route = products();
      const key = 'pos-sale-2';
      const unknownPlan = JSON.stringify(replaced(route.body, ['planCode'], 'NO-SUCH-PLAN'));
      const first = await send(route, unknownPlan, { 'Idempotency-Key': key });
      expect(first.status).toBeGreaterThanOrEqual(400);
      expect(first.status).toBeLessThan(500);
      await send(route, JSON.stringify(route.body), { 'Idempotency-Key': key }).expect(201);
      const duplicate = unitRegistration('EDGE-UNIT');
      await send(route, JSON.stringify(duplicate), { 'Idempotency-Key': 'pos-sale-3' }).expect(409);
      const again = await send(route, JSON.stringify(duplicate), {
        'Idempotency-Key': 'pos-sale-3',
      }).expect(409);
      expect(again.headers['idempotent-replayed']).toBeUndefined();
    });

    it('compares bodies as canonical JSON: key order does not matter', async () => {
      const route = products();
      const body = route.body as Record<string, Json>;
      const reordered = Object.fromEntries(
        Object.entries(body)
          .reverse()
          .map(([k, v]) => [
            k,
            v && typeof v === 'object' && !Array.isArray(v)
              ? Object.fromEntries(Object.entries(v).reverse())
              : v,
          ]),
      );
      await send(route, JSON.stringify(body), { 'Idempotency-Key': 'order-1' }).expect(201);
      const replay = await send(route, JSON.stringify(reordered), {
        'Idempotency-Key': 'order-1',
      }).expect(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      await send(route, JSON.stringify({ ...body, model: 'OTHER' }), {
        'Idempotency-Key': 'order-1',
      }).expect(422);
    });

    it('stores any response, whatever text it holds', async () => {
      const store = svc.app.get(IdempotencyStore);
      await expect(store.claim('t-1', 'odd', 'h')).resolves.toEqual({ outcome: 'claimed' });
      await store.complete(
        't-1',
        'odd',
        { status: 201, headers: { [NUL]: LONE_SURROGATE } },
        JSON.stringify({ [NUL]: [LONE_SURROGATE, '\udc00x', 'ok 😀'] }),
      );
      const replay = await store.claim('t-1', 'odd', 'h');
      expect(replay).toEqual({
        outcome: 'replay',
        response: {
          status: 201,
          headers: { 'a\ufffdb': 'a\ufffdb' },
          body: { 'a\ufffdb': ['a\ufffdb', '\ufffdx', 'ok 😀'] },
        },
      });
    });
  });

  describe('wrong JSON types and values', () => {
    const BAD_VALUES: Json[] = [
      null,
      true,
      0,
      -1,
      1.5,
      1e300,
      2 ** 53,
      '',
      'x'.repeat(5000),
      [],
      [1],
      {},
      { a: 1 },
    ];

    it('never answers 5xx, and writes nothing when it refuses, for any leaf replaced by any bad value', async () => {
      for (const route of routes())
        for (const [path] of leaves(route.body))
          for (const bad of BAD_VALUES) {
            const before = await events();
            const res = await send(route, JSON.stringify(replaced(route.body, path, bad)));
            expect({ route: route.path, path, bad, status: res.status < 500 }).toMatchObject({
              status: true,
            });
            if (res.status >= 400)
              expect({ route: route.path, path, bad, events: await events() }).toMatchObject({
                events: before,
              });
          }
      // Thousands of requests: on a loaded machine a minute is not enough, and a test cut off keeps writing into the next.
    }, 300_000);

    it('refuses bodies that are not objects, and arrays where an object belongs', async () => {
      for (const route of routes()) {
        for (const raw of ['[]', '[{}]', 'null', '"x"', '1', 'true', '{', '{"a":1,}'])
          await expectRefused(() => send(route, raw));
      }
      const products = routes()[1];
      for (const field of ['price', 'owner'])
        await expectRefused(
          () => {
            const body = products.body as Record<string, Json>;
            return send(products, JSON.stringify({ ...body, [field]: [body[field]] }));
          },
          new RegExp(`^${field}`),
        );
    });

    it('refuses non-integer, negative, unsafe and mistyped money, and unknown currencies', async () => {
      const products = routes()[1];
      for (const amount of [1.5, -1, 1e300, 2 ** 53, '100', null])
        await expectRefused(
          () =>
            send(products, JSON.stringify(replaced(products.body, ['price', 'amount'], amount))),
          /^price\.amount$/,
        );
      // Beyond double range: JSON.parse reads these as ±Infinity.
      for (const huge of ['1e999', '-1e999', '123456789012345678901234567890'])
        await expectRefused(
          () =>
            send(
              products,
              JSON.stringify(products.body).replace('"amount":129900', `"amount":${huge}`),
            ),
          /^price\.amount$/,
        );
      for (const currency of ['eur', 'EURO', 'E1R', '', 978])
        await expectRefused(
          () =>
            send(
              products,
              JSON.stringify(replaced(products.body, ['price', 'currency'], currency)),
            ),
          /^price\.currency$/,
        );
    });
  });

  describe('the OpenAPI document publishes the constraints', () => {
    it('closes every request body schema and bounds every field', async () => {
      const doc = (await svc.http().get('/openapi.json').expect(200)).body;
      const schemas = doc.components.schemas as Record<string, Record<string, unknown>>;
      const bodies = new Set<string>();
      for (const path of Object.values(doc.paths) as Array<
        Record<string, { requestBody?: { content: Record<string, { schema: { $ref: string } }> } }>
      >)
        for (const op of Object.values(path))
          for (const content of Object.values(op.requestBody?.content ?? {}))
            if (content.schema.$ref) bodies.add(content.schema.$ref.split('/').pop()!);
      expect(bodies.size).toBeGreaterThan(10);
      const seen = new Set<string>();
      const pending = [...bodies];
      while (pending.length) {
        const name = pending.pop()!;
        if (seen.has(name)) continue;
        seen.add(name);
        const schema = schemas[name];
        expect({ name, additionalProperties: schema.additionalProperties }).toEqual({
          name,
          additionalProperties: false,
        });
        for (const [field, raw] of Object.entries(
          (schema.properties ?? {}) as Record<string, Record<string, unknown>>,
        )) {
          const prop = (raw.type === 'array' ? raw.items : raw) as Record<string, unknown>;
          const ref = (prop.$ref ??
            (prop.allOf as Array<{ $ref?: string }> | undefined)?.[0]?.$ref) as string | undefined;
          if (ref) {
            pending.push(ref.split('/').pop()!);
            continue;
          }
          const where = `${name}.${field}`;
          if (prop.type === 'string')
            expect({
              where,
              bounded: Boolean(prop.enum || prop.pattern || prop.format || prop.maxLength),
            }).toEqual({ where, bounded: true });
          if (prop.type === 'number' || prop.type === 'integer')
            expect({ where, type: prop.type, bounded: prop.maximum !== undefined }).toEqual({
              where,
              type: 'integer',
              bounded: true,
            });
        }
      }
      const register = schemas.RegisterProductDto as {
        properties: Record<string, Record<string, unknown>>;
      };
      expect(register.properties.purchaseDate).toMatchObject({ type: 'string', format: 'date' });
      expect(register.properties.serialNumber.pattern).toBeDefined();
      expect(schemas.MoneyDto).toMatchObject({
        properties: { amount: { type: 'integer' }, currency: { pattern: '^[A-Z]{3}$' } },
      });
    });
  });
});
