import { Client } from 'pg';
import { STANDARD_PLAN, unitRegistration, REPAIR_RATES } from '@warranty/testing';
import { startServiceUnderTest, type ServiceUnderTest } from '@warranty/testing/service-app';
import { RegistrationModule } from '../../../registration/src/registration.module';
import { RepairsModule } from '../../src/repairs.module';

const EUR = (amount: number) => ({ amount, currency: 'EUR' });
/** 60.00 an hour, 10% on parts, 25.00 to diagnose. */
const MOTOR = [{ sku: 'MOTOR-1', quantity: 1, unitCost: EUR(10000) }];

describe('Repair orders API', () => {
  let svc: ServiceUnderTest;
  let maker: string;
  let otherMaker: string;
  let retailer: string;
  let otherRetailer: string;
  let depot: string;
  let otherDepot: string;
  let auditor: string;
  let serial = 0;
  const auth = (key: string) => ({ Authorization: `Bearer ${key}` });

  beforeAll(async () => {
    svc = await startServiceUnderTest(() => [RegistrationModule, RepairsModule]);
    maker = await svc.keyFor('acme-appliances', 'manufacturer');
    otherMaker = await svc.keyFor('globex', 'manufacturer');
    retailer = await svc.keyFor('acme-retail', 'retailer');
    otherRetailer = await svc.keyFor('bright-electronics', 'retailer');
    depot = await svc.keyFor('fixit-depot', 'service_center');
    otherDepot = await svc.keyFor('quickfix', 'service_center');
    auditor = await svc.keyFor('audit-partners', 'auditor');
    await svc.http().post('/v1/warranty-plans').set(auth(maker)).send(STANDARD_PLAN).expect(201);
    for (const center of ['fixit-depot', 'quickfix'])
      await svc
        .http()
        .put(`/v1/repair-rates/${center}`)
        .set(auth(maker))
        .send(REPAIR_RATES)
        .expect(200);
  });
  afterAll(() => svc?.close());

  /** A unit acme-retail sold; bought in 2020 its 24 months are over (the test clock is 2026-06-15). */
  async function soldUnit(purchaseDate = '2026-01-10'): Promise<string> {
    const serialNumber = `RO-U-${++serial}`;
    await svc
      .http()
      .post('/v1/products')
      .set(auth(retailer))
      .send(unitRegistration(serialNumber, { purchaseDate }))
      .expect(201);
    return serialNumber;
  }

  /** Opens an order on a newly sold unit; answers with the response once its status is `status`. */
  const open = async (
    status: number,
    overrides: Record<string, unknown> = {},
    purchaseDate?: string,
  ) =>
    svc
      .http()
      .post('/v1/repair-orders')
      .set(auth(maker))
      .send({
        manufacturerId: 'acme-appliances',
        serviceCenterId: 'fixit-depot',
        serialNumber: await soldUnit(purchaseDate),
        claimId: 'claim-1',
        reportedDefect: 'Drum does not spin',
        ...overrides,
      })
      .expect(status);
  const step = (id: string, action: string, key: string, body: Record<string, unknown> = {}) =>
    svc.http().post(`/v1/repair-orders/${id}/${action}`).set(auth(key)).send(body);
  const read = (id: string, key: string) =>
    svc.http().get(`/v1/repair-orders/${id}`).set(auth(key));
  const events = async () => {
    const db = new Client({ connectionString: svc.database.url });
    await db.connect();
    try {
      const { rows } = await db.query(
        `SELECT count(*)::int AS n FROM event_store.events WHERE stream_id LIKE 'repair%'`,
      );
      return rows[0].n as number;
    } finally {
      await db.end();
    }
  };
  /** Runs steps in order as the service center, each on the ETag of the one before. */
  async function walk(id: string, steps: Array<[string, Record<string, unknown>?]>) {
    let etag = (await read(id, depot).expect(200)).headers.etag;
    let last;
    for (const [action, body] of steps) {
      last = await step(id, action, depot, body).set('If-Match', etag);
      expect({ action, status: last.status, body: last.body }).toMatchObject({ status: 200 });
      etag = last.headers.etag;
    }
    return last!;
  }
  const diagnosis = {
    findings: 'Motor burnt out',
    faultCode: 'E21',
    parts: MOTOR,
    laborMinutes: 90,
  };

  it('opens a covered order at the service center with its rates, ETag and Location', async () => {
    const res = await open(201);
    expect(res.body).toMatchObject({
      state: 'opened',
      serviceCenterId: 'fixit-depot',
      retailerId: 'acme-retail',
      covered: true,
      planCode: 'STD-24',
      rates: REPAIR_RATES,
      revision: 0,
    });
    expect(res.headers.location).toBe(`/v1/repair-orders/${res.body.repairOrderId}`);
    expect(res.headers.etag).toBe('"0"');
  });

  it('walks a covered repair: assigned, diagnosed, parts, QA fail, repair, QA pass, shipped, closed', async () => {
    const { body } = await open(201);
    const id = body.repairOrderId;
    const diagnosed = await walk(id, [
      ['assignment', { technician: 'tech-ana' }],
      ['diagnosis', diagnosis],
    ]);
    expect(diagnosed.body).toMatchObject({
      state: 'diagnosed',
      diagnosis: { estimate: { total: EUR(20000) }, approvalRequired: false },
    });
    const failed = await walk(id, [
      ['parts-orders', { parts: MOTOR, supplierReference: 'PO-1' }],
      ['parts-receipts', { parts: MOTOR }],
      ['work-logs', { laborMinutes: 60 }],
      ['completion', {}],
      ['quality-checks', { passed: false, notes: 'Still noisy' }],
    ]);
    expect(failed.body).toMatchObject({
      state: 'in_repair',
      qualityCheckFailures: 1,
      flagged: false,
    });
    const closed = await walk(id, [
      ['work-logs', { laborMinutes: 30 }],
      ['completion', {}],
      ['quality-checks', { passed: true }],
      ['shipment', { carrier: 'DHL', trackingNumber: 'TRK-1' }],
      ['closure', {}],
    ]);
    expect(closed.body).toMatchObject({
      state: 'closed',
      shipment: { carrier: 'DHL', trackingNumber: 'TRK-1', repaired: true },
      ended: {
        outcome: 'repaired',
        costs: {
          partsCost: EUR(10000),
          partsCharge: EUR(11000),
          laborMinutes: 90,
          laborCost: EUR(9000),
          gross: EUR(20000),
          reimbursement: EUR(20000),
          customerCharge: EUR(0),
        },
      },
    });
    const history = await svc
      .http()
      .get(`/v1/repair-orders/${id}/history`)
      .set(auth(auditor))
      .expect(200);
    expect(history.body.events.map((e: { type: string }) => e.type)).toContain(
      'QualityCheckFailed',
    );
    // Every step here happens at one instant of the test clock: before it, the order did not exist.
    const before = await svc
      .http()
      .get(`/v1/repair-orders/${id}/history`)
      .query({ asOf: '2020-01-01' })
      .set(auth(auditor))
      .expect(404);
    expect(before.body.type).toBe('/problems/not-yet-existing');
  });

  it('shows each party its order and answers 404 to everyone else, other service centers included', async () => {
    const { body } = await open(201);
    const id = body.repairOrderId;
    for (const key of [maker, retailer, depot, auditor]) await read(id, key).expect(200);
    for (const key of [otherMaker, otherRetailer, otherDepot]) {
      const res = await read(id, key).expect(404);
      expect(JSON.stringify(res.body)).not.toContain('acme');
      await svc.http().get(`/v1/repair-orders/${id}/history`).set(auth(key)).expect(404);
    }
    const before = await events();
    await step(id, 'assignment', otherDepot, { technician: 'x' }).expect(404);
    await step(id, 'reassignment', otherMaker, { serviceCenterId: 'quickfix', reason: 'x' }).expect(
      404,
    );
    // A retailer reads its order but works nothing but the estimate.
    await step(id, 'assignment', retailer, { technician: 'x' }).expect(403);
    await svc.http().post('/v1/repair-orders').set(auth(depot)).send({}).expect(403);
    expect(await events()).toBe(before);
  });

  it('moves an order to another service center on the manufacturer’s word; the first one loses it', async () => {
    const { body } = await open(201);
    const id = body.repairOrderId;
    await walk(id, [['assignment', { technician: 'tech-ana' }]]);
    const moved = await step(id, 'reassignment', maker, {
      serviceCenterId: 'quickfix',
      reason: 'Closer to the customer',
    }).expect(200);
    expect(moved.body).toMatchObject({
      state: 'opened',
      serviceCenterId: 'quickfix',
      technician: null,
    });
    await read(id, depot).expect(404);
    await read(id, otherDepot).expect(200);
    await step(id, 'assignment', otherDepot, { technician: 'tech-bo' }).expect(200);
  });

  it('refuses to move a diagnosed order with 409 naming the state, keeping the diagnosis', async () => {
    const { body } = await open(201);
    const id = body.repairOrderId;
    await walk(id, [
      ['assignment', { technician: 'tech-ana' }],
      ['diagnosis', diagnosis],
    ]);
    const before = await events();
    const refused = await step(id, 'reassignment', maker, {
      serviceCenterId: 'quickfix',
      reason: 'x',
    }).expect(409);
    expect(refused.body).toMatchObject({
      type: '/problems/illegal-transition',
      state: 'diagnosed',
    });
    expect(await events()).toBe(before);
    const order = (await read(id, depot).expect(200)).body;
    expect(order).toMatchObject({ state: 'diagnosed', serviceCenterId: 'fixit-depot' });
    expect(order.diagnosis).toMatchObject({ faultCode: 'E21' });
  });

  it('refuses a step the state forbids with 409 naming the state, and a stale If-Match with 412', async () => {
    const { body } = await open(201);
    const id = body.repairOrderId;
    const before = await events();
    const refused = await step(id, 'diagnosis', depot, diagnosis).expect(409);
    expect(refused.body).toMatchObject({ type: '/problems/illegal-transition', state: 'opened' });
    expect(refused.body.detail).toContain('opened');
    await step(id, 'assignment', depot, { technician: 'tech-ana' })
      .set('If-Match', '"0"')
      .expect(200);
    const stale = await step(id, 'assignment', depot, { technician: 'tech-bo' })
      .set('If-Match', '"0"')
      .expect(412);
    expect(stale.body).toMatchObject({ currentRevision: 1 });
    expect(await events()).toBe(before + 1);
  });

  it('answers a retry with the same Idempotency-Key with the first response and writes nothing', async () => {
    const serialNumber = await soldUnit();
    const body = {
      manufacturerId: 'acme-appliances',
      serviceCenterId: 'fixit-depot',
      serialNumber,
      reportedDefect: 'No power',
    };
    const first = await svc
      .http()
      .post('/v1/repair-orders')
      .set(auth(maker))
      .set('Idempotency-Key', 'open-1')
      .send(body)
      .expect(201);
    const before = await events();
    const again = await svc
      .http()
      .post('/v1/repair-orders')
      .set(auth(maker))
      .set('Idempotency-Key', 'open-1')
      .send(body)
      .expect(201);
    expect(again.body.repairOrderId).toBe(first.body.repairOrderId);
    const id = first.body.repairOrderId;
    const assign = () =>
      step(id, 'assignment', depot, { technician: 'tech-ana' }).set('Idempotency-Key', 'assign-1');
    const assigned = await assign().expect(200);
    expect((await assign().expect(200)).body).toEqual(assigned.body);
    expect(await events()).toBe(before + 1);
    await step(id, 'assignment', depot, { technician: 'other' })
      .set('Idempotency-Key', 'assign-1')
      .expect(422);
  });

  it('refuses bad input with 400 naming the field and writes nothing', async () => {
    const { body } = await open(201);
    const id = body.repairOrderId;
    await walk(id, [['assignment', { technician: 'tech-ana' }]]);
    const before = await events();
    const refusals: Array<[string, Record<string, unknown>, string]> = [
      [
        'diagnosis',
        { ...diagnosis, parts: [{ sku: 'M', quantity: 0, unitCost: EUR(1) }] },
        'parts[0].quantity',
      ],
      ['diagnosis', { ...diagnosis, laborMinutes: -1 }, 'laborMinutes'],
      [
        'diagnosis',
        {
          ...diagnosis,
          parts: [{ sku: 'M', quantity: 1, unitCost: { amount: 1, currency: 'USD' } }],
        },
        'parts',
      ],
      ['diagnosis', { ...diagnosis, surprise: 1 }, 'surprise'],
      // Bounded so that no total an order reaches can lose precision.
      [
        'diagnosis',
        { ...diagnosis, parts: [{ sku: 'M', quantity: 1, unitCost: EUR(1_000_000_001) }] },
        'parts[0].unitCost.amount',
      ],
      ['diagnosis', { ...diagnosis, laborMinutes: 1_441 }, 'laborMinutes'],
      ['work-logs', { laborMinutes: 1_441 }, 'laborMinutes'],
      ['quality-checks', { passed: 'yes' }, 'passed'],
    ];
    for (const [action, input, field] of refusals) {
      const res = await step(id, action, depot, input).set(
        'Idempotency-Key',
        `bad-${action}-${field}`,
      );
      expect({ field, status: res.status }).toEqual({ field, status: 400 });
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    }
    await svc
      .http()
      .post('/v1/repair-orders')
      .set(auth(maker))
      .send({
        manufacturerId: 'acme-appliances',
        serviceCenterId: 'fixit-depot',
        serialNumber: 'bad serial!',
        reportedDefect: 'x',
      })
      .expect(400);
    const limited = await open(400, { planLimit: EUR(Number.MAX_SAFE_INTEGER) });
    expect(limited.body.errors).toEqual([expect.objectContaining({ field: 'planLimit.amount' })]);
    for (const field of ['laborRatePerHour', 'diagnosisFee']) {
      const rates = { ...REPAIR_RATES, [field]: EUR(Number.MAX_SAFE_INTEGER) };
      const res = await svc
        .http()
        .put('/v1/repair-rates/big-depot')
        .set(auth(maker))
        .send(rates)
        .expect(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: `${field}.amount` })]);
    }
    expect(await events()).toBe(before);
  });

  it('refuses to open an order at a service center without rates, writing nothing', async () => {
    const before = await events();
    const res = await open(409, { serviceCenterId: 'nowhere-depot' });
    expect(res.body).toMatchObject({ type: '/problems/repair-rates-missing' });
    expect(await events()).toBe(before);
  });

  it('asks the retailer to approve the excess over the plan limit, and caps the reimbursement', async () => {
    const { body } = await open(201, { planLimit: EUR(15000) });
    const id = body.repairOrderId;
    const waiting = await walk(id, [
      ['assignment', { technician: 'tech-ana' }],
      ['diagnosis', diagnosis],
    ]);
    expect(waiting.body).toMatchObject({
      state: 'awaiting_approval',
      diagnosis: { customerShare: EUR(5000), approvalRequired: true },
    });
    await step(id, 'estimate-approval', otherRetailer).expect(404);
    await step(id, 'estimate-approval', retailer).set('If-Match', waiting.headers.etag).expect(200);
    const closed = await walk(id, [
      ['parts-orders', { parts: MOTOR }],
      ['parts-receipts', { parts: MOTOR }],
      ['work-logs', { laborMinutes: 90 }],
      ['completion', {}],
      ['quality-checks', { passed: true }],
      ['shipment', { carrier: 'DHL', trackingNumber: 'TRK-2' }],
      ['closure', {}],
    ]);
    expect(closed.body.ended.costs).toMatchObject({
      gross: EUR(20000),
      reimbursement: EUR(15000),
      customerCharge: EUR(5000),
    });
  });

  it('ships a declined estimate back unrepaired and charges the diagnosis fee', async () => {
    const { body } = await open(201, {}, '2020-01-10');
    expect(body).toMatchObject({ covered: false, notCoveredReason: 'expired' });
    const id = body.repairOrderId;
    const waiting = await walk(id, [
      ['assignment', { technician: 'tech-ana' }],
      ['diagnosis', diagnosis],
    ]);
    expect(waiting.body).toMatchObject({
      state: 'awaiting_approval',
      diagnosis: { customerShare: EUR(20000) },
    });
    await step(id, 'estimate-decline', retailer, { reason: 'Buying a new one' }).expect(200);
    const closed = await walk(id, [
      ['shipment', { carrier: 'DHL', trackingNumber: 'TRK-3' }],
      ['closure', {}],
    ]);
    expect(closed.body).toMatchObject({
      state: 'closed',
      shipment: { repaired: false },
      ended: {
        outcome: 'returned_unrepaired',
        costs: { diagnosisFee: EUR(2500), reimbursement: EUR(0), customerCharge: EUR(2500) },
      },
    });
  });

  it('flags the order at the third failed quality check', async () => {
    const { body } = await open(201);
    const id = body.repairOrderId;
    const fail: Array<[string, Record<string, unknown>]> = [
      ['completion', {}],
      ['quality-checks', { passed: false, notes: 'Leaks' }],
    ];
    const third = await walk(id, [
      ['assignment', { technician: 'tech-ana' }],
      ['diagnosis', { ...diagnosis, parts: [] }],
      ['work-logs', { laborMinutes: 30 }],
      ...fail,
      ...fail,
      ...fail,
    ]);
    expect(third.body).toMatchObject({
      state: 'in_repair',
      qualityCheckFailures: 3,
      flagged: true,
    });
  });

  it('reads an order as it stood at an instant', async () => {
    const { body } = await open(201);
    const id = body.repairOrderId;
    const openedAt = svc.clock.now().toISOString();
    svc.clock.advance(60_000);
    await walk(id, [['assignment', { technician: 'tech-ana' }]]);
    const then = await svc
      .http()
      .get(`/v1/repair-orders/${id}?asOf=${openedAt}`)
      .set(auth(depot))
      .expect(200);
    expect(then.body).toMatchObject({ state: 'opened', revision: 0, asOf: openedAt });
    expect(then.headers.etag).toBeUndefined();
    const before = await svc
      .http()
      .get(`/v1/repair-orders/${id}?asOf=2020-01-01T00:00:00Z`)
      .set(auth(depot))
      .expect(404);
    expect(before.body.type).toBe('/problems/not-yet-existing');
  });

  it('reads a date alone as the end of that day (UTC)', async () => {
    const { body } = await open(201);
    const id = body.repairOrderId;
    const openedOn = svc.clock.now().toISOString().slice(0, 10);
    svc.clock.advance(86_400_000);
    await walk(id, [['assignment', { technician: 'tech-ana' }]]);
    const get = (asOf: string) =>
      svc.http().get(`/v1/repair-orders/${id}`).query({ asOf }).set(auth(depot));
    const then = await get(openedOn).expect(200);
    expect(then.body).toMatchObject({
      state: 'opened',
      revision: 0,
      asOf: `${openedOn}T23:59:59.999Z`,
    });
    const dayBefore = new Date(Date.parse(openedOn) - 86_400_000).toISOString().slice(0, 10);
    const before = await get(dayBefore).expect(404);
    expect(before.body.type).toBe('/problems/not-yet-existing');
    // Later tests expect the suite's clock where it was.
    svc.clock.advance(-86_400_000);
  });
});
