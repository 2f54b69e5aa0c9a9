import { Client } from 'pg';
import { EVENT_STORE, type EventStore } from '@warranty/event-store';
import { feedsUnderTest, STANDARD_PLAN, unitRegistration, waitUntil } from '@warranty/testing';
import { startServiceUnderTest, type ServiceUnderTest } from '@warranty/testing/service-app';
import { ClaimsModule } from '../../../claims/src/claims.module';
import { RegistrationModule } from '../../../registration/src/registration.module';
import { RmaActions } from '../../src/application/rma-actions.service';
import { ReturnsModule } from '../../src/returns.module';

describe('Returns API', () => {
  let svc: ServiceUnderTest;
  let maker: string;
  let otherMaker: string;
  let retailer: string;
  let otherRetailer: string;
  let auditor: string;
  let serial = 0;
  const auth = (key: string) => ({ Authorization: `Bearer ${key}` });

  beforeAll(async () => {
    svc = await startServiceUnderTest(() => [
      RegistrationModule,
      ClaimsModule,
      // The deadline tests below call the hooks themselves; no background poller races them.
      ReturnsModule.withTimers({ poll: false }),
    ]);
    maker = await svc.keyFor('acme-appliances', 'manufacturer');
    otherMaker = await svc.keyFor('globex', 'manufacturer');
    retailer = await svc.keyFor('acme-retail', 'retailer');
    otherRetailer = await svc.keyFor('bright-electronics', 'retailer');
    auditor = await svc.keyFor('audit-partners', 'auditor');
    await svc.http().post('/v1/warranty-plans').set(auth(maker)).send(STANDARD_PLAN).expect(201);
  });
  afterAll(() => svc?.close());

  /** A unit acme-retail sold (default on 2026-01-10; the test clock is 2026-06-15). */
  async function soldUnit(purchaseDate = '2026-01-10'): Promise<string> {
    const serialNumber = `RMA-U-${++serial}`;
    await svc
      .http()
      .post('/v1/products')
      .set(auth(retailer))
      .send(unitRegistration(serialNumber, { purchaseDate }))
      .expect(201);
    return serialNumber;
  }

  const rma = (serialNumbers: string[], overrides: Record<string, unknown> = {}) => ({
    type: 'exchange',
    manufacturerId: 'acme-appliances',
    lines: serialNumbers.map((serialNumber) => ({ serialNumber })),
    shipTo: { locationId: 'leeds', name: 'Acme returns depot', address: '1 Dock Road, Leeds' },
    shippingLabel: { carrier: 'DHL', trackingNumber: 'LBL-1' },
    ...overrides,
  });
  const authorize = (body: Record<string, unknown>, key = maker) =>
    svc.http().post('/v1/rmas').set(auth(key)).send(body);
  const step = (rmaId: string, action: string, key: string, body: Record<string, unknown> = {}) =>
    svc.http().post(`/v1/rmas/${rmaId}/${action}`).set(auth(key)).send(body);
  // Straight from the table: the feed may hold back behind other suites' open transactions.
  const events = async (prefix: string) => {
    const db = new Client({ connectionString: svc.database.url });
    await db.connect();
    try {
      const { rows } = await db.query(
        `SELECT count(*)::int AS n FROM event_store.events WHERE stream_id LIKE $1 || '%'`,
        [prefix],
      );
      return rows[0].n as number;
    } finally {
      await db.end();
    }
  };

  it('authorizes an RMA with a number, the unit as registered and the return-by date', async () => {
    const serialNumber = await soldUnit();
    const res = await authorize(rma([serialNumber.toLowerCase()])).expect(201);
    expect(res.body).toMatchObject({
      rmaNumber: expect.stringMatching(/^RMA-2026-\d{6}$/),
      state: 'authorized',
      type: 'exchange',
      retailerId: 'acme-retail',
      returnBy: '2026-06-29',
      lines: [
        {
          lineId: 'line-1',
          serialNumber,
          productId: `acme-appliances~${serialNumber}`,
          price: { amount: 129900, currency: 'EUR' },
          state: 'awaiting_return',
        },
      ],
      revision: 0,
    });
    expect(res.headers.location).toBe(`/v1/rmas/${res.body.rmaId}`);
    expect(res.headers.etag).toBe('"0"');
  });

  it('walks authorize -> ship -> receive -> inspect -> exchange -> close, each step on its ETag', async () => {
    const serialNumber = await soldUnit();
    const { body: created } = await authorize(rma([serialNumber])).expect(201);
    const id = created.rmaId;
    svc.clock.advance(60_000);
    const shipped = await step(id, 'shipment', retailer, { carrier: 'DHL', trackingNumber: 'T-9' })
      .set('If-Match', '"0"')
      .expect(200);
    expect(shipped.body).toMatchObject({ state: 'in_transit', revision: 1 });
    await step(id, 'receipt', maker, { lineId: 'line-1', serialNumber })
      .set('If-Match', shipped.headers.etag)
      .expect(200)
      .expect((r) => expect(r.body.state).toBe('received'));
    await step(id, 'inspection', maker, {
      lineId: 'line-1',
      grade: 'C',
      finding: 'defect_confirmed',
      disposition: 'exchange',
    })
      .expect(200)
      .expect((r) => expect(r.body.state).toBe('inspected'));
    await step(id, 'exchange-shipment', maker, {
      lineId: 'line-1',
      replacementSerialNumber: 'rep-1',
      carrier: 'UPS',
      trackingNumber: 'T-10',
    })
      .expect(200)
      .expect((r) =>
        expect(r.body.lines[0]).toMatchObject({
          disposition: 'exchange',
          replacementSerialNumber: 'REP-1',
        }),
      );
    const closed = await step(id, 'closure', maker).expect(200);
    expect(closed.body).toMatchObject({ state: 'closed', revision: 5 });
    await step(id, 'closure', maker)
      .expect(409)
      .expect((r) => expect(r.body).toMatchObject({ state: 'closed' }));
    const history = await svc.http().get(`/v1/rmas/${id}/history`).set(auth(auditor)).expect(200);
    expect(history.body.events.map((e: { type: string }) => e.type)).toEqual([
      'RmaAuthorized',
      'ReturnShipped',
      'ReturnReceived',
      'ReturnInspected',
      'ExchangeShipped',
      'RmaClosed',
    ]);
    const asOf = await svc
      .http()
      .get(`/v1/rmas/${id}?asOf=${encodeURIComponent(created.authorizedAt)}`)
      .set(auth(maker))
      .expect(200);
    expect(asOf.body).toMatchObject({ state: 'authorized', revision: 0 });
    expect(asOf.headers.etag).toBeUndefined();
    const historyThen = await svc
      .http()
      .get(`/v1/rmas/${id}/history?asOf=${encodeURIComponent(created.authorizedAt)}`)
      .set(auth(maker))
      .expect(200);
    expect(historyThen.body.events.map((e: { type: string }) => e.type)).toEqual(['RmaAuthorized']);
  });

  it('reads a date alone as the end of that day (UTC); before the RMA, not-yet-existing', async () => {
    const { body } = await authorize(rma([await soldUnit()])).expect(201);
    const authorizedOn = svc.clock.now().toISOString().slice(0, 10);
    svc.clock.advance(86_400_000);
    await step(body.rmaId, 'shipment', retailer, { carrier: 'DHL', trackingNumber: 'T' }).expect(
      200,
    );
    const get = (asOf: string) =>
      svc.http().get(`/v1/rmas/${body.rmaId}`).query({ asOf }).set(auth(maker));
    const then = await get(authorizedOn).expect(200);
    expect(then.body).toMatchObject({
      state: 'authorized',
      revision: 0,
      asOf: `${authorizedOn}T23:59:59.999Z`,
    });
    const before = await get('2020-01-01').expect(404);
    expect(before.body.type).toBe('/problems/not-yet-existing');
    // Later tests expect the suite's clock where it was.
    svc.clock.advance(-86_400_000);
  });

  it('refuses a step the state forbids with a 409 naming it, and a stale If-Match with a 412', async () => {
    const { body } = await authorize(rma([await soldUnit()])).expect(201);
    await step(body.rmaId, 'closure', maker)
      .expect(409)
      .expect((r) => expect(r.body).toMatchObject({ state: 'authorized' }));
    await step(body.rmaId, 'shipment', retailer, { carrier: 'DHL', trackingNumber: 'T' }).expect(
      200,
    );
    await step(body.rmaId, 'cancellation', maker, { reason: 'Changed mind' })
      .set('If-Match', '"0"')
      .expect(412);
    await step(body.rmaId, 'cancellation', maker, { reason: 'Changed mind' })
      .set('If-Match', '"1"')
      .expect(200)
      .expect((r) => expect(r.body.state).toBe('cancelled'));
  });

  it('records a receipt whose serial does not match as a mismatch', async () => {
    const { body } = await authorize(rma([await soldUnit()])).expect(201);
    const received = await step(body.rmaId, 'receipt', maker, {
      lineId: 'line-1',
      serialNumber: 'somebody-else',
    }).expect(200);
    expect(received.body.lines[0].receipt).toMatchObject({
      receivedSerialNumber: 'SOMEBODY-ELSE',
      serialMatches: false,
    });
  });

  it('shows an RMA to the retailer that sold the units, its manufacturer and auditors; 404 to anyone else', async () => {
    const { body } = await authorize(rma([await soldUnit()])).expect(201);
    for (const key of [maker, retailer, auditor])
      await svc.http().get(`/v1/rmas/${body.rmaId}`).set(auth(key)).expect(200);
    for (const key of [otherMaker, otherRetailer]) {
      await svc.http().get(`/v1/rmas/${body.rmaId}`).set(auth(key)).expect(404);
      await svc.http().get(`/v1/rmas/${body.rmaId}/history`).set(auth(key)).expect(404);
    }
    await step(body.rmaId, 'cancellation', otherRetailer, { reason: 'x' }).expect(404);
    await step(body.rmaId, 'receipt', retailer, { lineId: 'line-1', serialNumber: 'X' }).expect(
      403,
    );
    await authorize(rma([await soldUnit()], { manufacturerId: 'globex' })).expect(400);
  });

  it('answers a retry with the same Idempotency-Key with the same RMA and number, writing nothing', async () => {
    const body = rma([await soldUnit()]);
    const before = await events('rmanumbers-');
    const first = await authorize(body).set('Idempotency-Key', 'rma-key-1').expect(201);
    const again = await authorize(body).set('Idempotency-Key', 'rma-key-1').expect(201);
    expect(again.body).toEqual(first.body);
    expect(await events('rmanumbers-')).toBe(before + 1);
    expect(await events(`rma-${first.body.rmaId}`)).toBe(1);
  });

  it.each([
    ['no ship-to', { shipTo: undefined }],
    ['a serial with spaces inside', { lines: [{ serialNumber: 'A B' }] }],
    ['an unknown type', { type: 'swap' }],
    ['no lines', { lines: [] }],
    ['a deposit on a plain exchange', { deposit: { amount: 100, currency: 'EUR' } }],
    ['an advance exchange without a deposit', { type: 'advance_exchange' }],
    ['a claim on an exchange', { claimId: 'c-1' }],
  ])('refuses %s with a 400 and writes nothing', async (_, overrides) => {
    const before = [await events('rma-'), await events('rmanumbers-')];
    const res = await authorize(rma(['BAD-1'], overrides)).expect(400);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect([await events('rma-'), await events('rmanumbers-')]).toEqual(before);
  });

  it('refuses bad step input with a 400: a refund above the price, an unknown line', async () => {
    const { body } = await authorize(rma([await soldUnit()])).expect(201);
    await step(body.rmaId, 'receipt', maker, { lineId: 'line-1', serialNumber: 'x' }).expect(200);
    await step(body.rmaId, 'inspection', maker, {
      lineId: 'line-1',
      grade: 'A',
      finding: 'no_fault_found',
      disposition: 'refund',
    }).expect(200);
    await step(body.rmaId, 'refund', maker, {
      lineId: 'line-1',
      amount: { amount: 129901, currency: 'EUR' },
      reference: 'RF-1',
    })
      .expect(400)
      .expect((r) => expect(r.body.errors[0].field).toBe('amount.amount'));
    await step(body.rmaId, 'refund', maker, {
      lineId: 'line-2',
      amount: { amount: 100, currency: 'EUR' },
      reference: 'RF-1',
    }).expect(400);
    await step(body.rmaId, 'refund', maker, {
      lineId: 'line-1',
      amount: { amount: 129900, currency: 'EUR' },
      reference: 'RF-1',
    })
      .expect(200)
      .expect((r) =>
        expect(r.body).toMatchObject({ state: 'refunded', lines: [{ refunded: 129900 }] }),
      );
    await svc.http().get('/v1/rmas/not-a-uuid').set(auth(maker)).expect(400);
  });

  it('gives 50 simultaneous authorizations for one manufacturer 50 distinct numbers without gaps', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        authorize(
          rma([`BURST-${i}`], {
            lines: [{ serialNumber: `BURST-${i}`, price: { amount: 1000, currency: 'EUR' } }],
            retailerId: 'acme-retail',
          }),
          maker,
        ),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(201));
    const sequences = results
      .map((r) => Number(/^RMA-2026-(\d{6})$/.exec(r.body.rmaNumber)![1]))
      .sort((a, b) => a - b);
    expect(new Set(sequences).size).toBe(50);
    expect(sequences[49] - sequences[0]).toBe(49);
    // Gap-free across the whole year too: the burst continued right after earlier authorizations.
    const numbers = (
      await svc.app.get<EventStore>(EVENT_STORE).readStream('rmanumbers-acme-appliances')
    ).map((e) => (e.data as { sequence: number }).sequence);
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
  }, 60_000);

  it('lets a retailer open a refund return inside its window, and names the day the window closed outside it', async () => {
    const recent = await soldUnit('2026-06-01');
    const opened = await authorize(rma([recent], { type: 'refund_return' }), retailer).expect(201);
    expect(opened.body).toMatchObject({ type: 'refund_return', retailerId: 'acme-retail' });
    const old = await soldUnit('2026-01-10');
    const late = await authorize(rma([old], { type: 'refund_return' }), retailer).expect(409);
    expect(late.body).toMatchObject({ windowClosedOn: '2026-02-09', purchaseDate: '2026-01-10' });
    expect(late.body.detail).toContain('2026-02-09');
    await authorize(rma([recent]), retailer).expect(403);
    await authorize(rma([recent], { type: 'refund_return' }), otherRetailer).expect(400);
  });

  it('keeps return policies as data that each tenant sets for itself', async () => {
    const policy = (tenant: string, key: string) =>
      svc.http().get(`/v1/return-policies/${tenant}`).set(auth(key));
    await policy('acme-retail', retailer)
      .expect(200)
      .expect((r) =>
        expect(r.body).toMatchObject({ returnWindowDays: 30, receiptDeadlineDays: 14 }),
      );
    await policy('acme-retail', otherRetailer).expect(404);
    const put = (tenant: string, key: string, body: Record<string, unknown>) =>
      svc.http().put(`/v1/return-policies/${tenant}`).set(auth(key)).send(body);
    await put('acme-retail', maker, { returnWindowDays: 60 }).expect(404);
    await put('acme-retail', retailer, { receiptDeadlineDays: 60 }).expect(400);
    await put('acme-retail', retailer, {}).expect(400);
    await put('acme-retail', retailer, { returnWindowDays: null }).expect(400);
    // Each answer, and each read after it, is the whole policy: the field not set keeps its value.
    const whole = { returnWindowDays: 200, receiptDeadlineDays: 14 };
    const set = await put('acme-retail', retailer, { returnWindowDays: 200 }).expect(200);
    expect(set.body).toMatchObject(whole);
    await policy('acme-retail', retailer)
      .expect(200)
      .expect((r) => expect(r.body).toMatchObject(whole));
    await put('acme-appliances', maker, { receiptDeadlineDays: 21 }).expect(200);
    const old = await soldUnit('2026-01-10');
    const opened = await authorize(rma([old], { type: 'refund_return' }), retailer).expect(201);
    expect(opened.body.returnBy).toBe('2026-07-06');
    await put('acme-appliances', maker, { receiptDeadlineDays: 14 })
      .set('If-Match', '"7"')
      .expect(412);
  });

  it('authorizes a warranty return from an approved claim, once per claim', async () => {
    const serialNumber = await soldUnit();
    const { body: claim } = await svc
      .http()
      .post('/v1/claims')
      .set(auth(retailer))
      .send({
        manufacturerId: 'acme-appliances',
        serialNumber,
        failureDate: '2026-06-01',
        defect: { category: 'electrical', description: 'No power' },
        evidence: [],
        customer: { name: 'Ada', email: 'ada@example.com' },
        requestedResolution: 'replace',
      })
      .expect(201);
    const body = rma([], { type: 'warranty_return', claimId: claim.claimId, lines: undefined });
    await authorize(body)
      .expect(409)
      .expect((r) => expect(r.body.type).toMatch(/claim-not-approved-for-return/));
    await svc.http().post(`/v1/claims/${claim.claimId}/review`).set(auth(maker)).expect(200);
    await svc
      .http()
      .post(`/v1/claims/${claim.claimId}/approval`)
      .set(auth(maker))
      .send({ resolution: 'replace' })
      .expect(200);
    const first = await authorize(body).expect(201);
    expect(first.body).toMatchObject({
      type: 'warranty_return',
      claimId: claim.claimId,
      retailerId: 'acme-retail',
      lines: [{ serialNumber }],
    });
    const again = await authorize(body).expect(201);
    expect(again.body.rmaId).toBe(first.body.rmaId);
    expect(again.body.rmaNumber).toBe(first.body.rmaNumber);
    await authorize(body, otherMaker).expect(400);
  });

  it('authorizes an advance exchange for a claim approved for a replacement, the unit price held as deposit', async () => {
    const approvedClaim = async (resolution: string) => {
      const serialNumber = await soldUnit();
      const { body: claim } = await svc
        .http()
        .post('/v1/claims')
        .set(auth(retailer))
        .send({
          manufacturerId: 'acme-appliances',
          serialNumber,
          failureDate: '2026-06-01',
          defect: { category: 'display', description: 'Dead pixels' },
          evidence: [],
          customer: { name: 'Ada', email: 'ada@example.com' },
          requestedResolution: resolution,
        })
        .expect(201);
      const claims = `/v1/claims/${claim.claimId}`;
      await svc.http().post(`${claims}/review`).set(auth(maker)).expect(200);
      await svc.http().post(`${claims}/approval`).set(auth(maker)).send({ resolution }).expect(200);
      return { claimId: claim.claimId as string, serialNumber };
    };
    const advance = (claimId: string) =>
      rma([], { type: 'advance_exchange', claimId, lines: undefined });

    const forRepair = await approvedClaim('repair');
    await authorize(advance(forRepair.claimId))
      .expect(409)
      .expect((r) => expect(r.body.type).toMatch(/claim-not-approved-for-return/));
    await authorize(rma([forRepair.serialNumber], { claimId: forRepair.claimId })).expect(400);

    const forReplace = await approvedClaim('replace');
    const first = await authorize(advance(forReplace.claimId)).expect(201);
    expect(first.body).toMatchObject({
      type: 'advance_exchange',
      claimId: forReplace.claimId,
      lines: [{ serialNumber: forReplace.serialNumber }],
      deposit: { amount: 129900, currency: 'EUR' },
    });
    // Its id derives from the claim, whatever the Idempotency-Key: the workflow's retry finds it.
    const again = await authorize(advance(forReplace.claimId)).expect(201);
    expect(again.body.rmaId).toBe(first.body.rmaId);
  });

  it("registers an exchange's replacement through registration's reaction, with the original's end date", async () => {
    const serialNumber = await soldUnit();
    const { body: original } = await svc
      .http()
      .get(`/v1/products/acme-appliances~${serialNumber}`)
      .set(auth(retailer))
      .expect(200);
    const { body } = await authorize(rma([serialNumber])).expect(201);
    await step(body.rmaId, 'receipt', maker, { lineId: 'line-1', serialNumber }).expect(200);
    await step(body.rmaId, 'inspection', maker, {
      lineId: 'line-1',
      grade: 'B',
      finding: 'defect_confirmed',
      disposition: 'exchange',
    }).expect(200);
    const replacement = `${serialNumber}-R`;
    await step(body.rmaId, 'exchange-shipment', maker, {
      lineId: 'line-1',
      replacementSerialNumber: replacement,
      carrier: 'UPS',
      trackingNumber: 'T-R',
    }).expect(200);
    const unit = `/v1/products/acme-appliances~${replacement}`;
    await waitUntil(async () => (await svc.http().get(unit).set(auth(retailer))).status === 200, {
      describe: () => unit,
    });
    const { body: registered } = await svc.http().get(unit).set(auth(retailer)).expect(200);
    expect(registered).toMatchObject({
      replacesProductId: original.productId,
      coverage: { end: original.coverage.end },
      owner: original.owner,
    });
    // The original went back and was replaced: no RMA returns it again (its replacement may).
    await step(body.rmaId, 'closure', maker).expect(200);
    await authorize(rma([serialNumber]))
      .expect(409)
      .expect((r) =>
        expect(r.body).toMatchObject({
          type: '/problems/registration-cancelled',
          reason: 'replaced',
        }),
      );
  });

  it('expires an RMA left unshipped once the clock passes its deadline, exactly once (the timer hook)', async () => {
    const { body } = await authorize(rma([await soldUnit()])).expect(201);
    const actions = svc.app.get(RmaActions);
    const timer = {
      actor: { id: 'timer', role: 'admin' as const, tenantId: 'platform' },
      correlationId: 't-1',
    };
    await expect(actions.act(body.rmaId, { type: 'ExpireRma' }, timer)).rejects.toMatchObject({
      code: 'return-not-yet-due',
    });
    const at = svc.clock.now();
    try {
      svc.clock.set(`${body.returnBy}T23:59:59.999Z`);
      svc.clock.advance(1);
      const expired = await actions.act(body.rmaId, { type: 'ExpireRma' }, timer);
      expect(expired.state.status).toBe('expired');
      const again = await actions.act(body.rmaId, { type: 'ExpireRma' }, timer);
      expect(again.events).toEqual([]);
      expect(again.revision).toBe(expired.revision);
    } finally {
      svc.clock.set(at);
    }
  });

  it('charges an advance exchange’s deposit when the faulty unit is not back by the deadline', async () => {
    const { body } = await authorize(
      rma([await soldUnit()], {
        type: 'advance_exchange',
        deposit: { amount: 50000, currency: 'EUR' },
      }),
    ).expect(201);
    await step(body.rmaId, 'exchange-shipment', maker, {
      lineId: 'line-1',
      replacementSerialNumber: 'ADV-1',
      carrier: 'UPS',
      trackingNumber: 'T-1',
    })
      .expect(200)
      .expect((r) => expect(r.body.state).toBe('authorized'));
    const actions = svc.app.get(RmaActions);
    const timer = {
      actor: { id: 'timer', role: 'admin' as const, tenantId: 'platform' },
      correlationId: 't-2',
    };
    const at = svc.clock.now();
    try {
      svc.clock.set(`${body.returnBy}T23:59:59.999Z`);
      svc.clock.advance(1);
      const charged = await actions.act(
        body.rmaId,
        { type: 'ChargeAdvanceExchangeDeposit' },
        timer,
      );
      expect(charged.events).toEqual([
        expect.objectContaining({ type: 'AdvanceExchangeDepositCharged' }),
      ]);
      expect(charged.state.status).toBe('exchanged');
    } finally {
      svc.clock.set(at);
    }
  });
});

describe.each(feedsUnderTest())('One open RMA per unit (%s feed)', (feed) => {
  let svc: ServiceUnderTest;
  let maker: string;
  let retailer: string;
  let otherRetailer: string;
  let serial = 0;
  const auth = (key: string) => ({ Authorization: `Bearer ${key}` });

  beforeAll(async () => {
    svc = await startServiceUnderTest(
      () => [RegistrationModule, ReturnsModule.withTimers({ poll: false })],
      { feed },
    );
    maker = await svc.keyFor('acme-appliances', 'manufacturer');
    retailer = await svc.keyFor('acme-retail', 'retailer');
    otherRetailer = await svc.keyFor('bright-electronics', 'retailer');
    await svc.http().post('/v1/warranty-plans').set(auth(maker)).send(STANDARD_PLAN).expect(201);
  });
  afterAll(() => svc?.close());

  /** A unit acme-retail sold on 2026-06-01, inside its 30-day return window (the clock: 06-15). */
  async function recentUnit(serialNumber = `ONE-RMA-${++serial}`): Promise<string> {
    await svc
      .http()
      .post('/v1/products')
      .set(auth(retailer))
      .send(unitRegistration(serialNumber, { purchaseDate: '2026-06-01' }))
      .expect(201);
    return serialNumber;
  }
  const refundReturn = (serialNumber: string) => ({
    type: 'refund_return',
    manufacturerId: 'acme-appliances',
    lines: [{ serialNumber }],
    shipTo: { locationId: 'leeds', name: 'Acme returns depot', address: '1 Dock Road, Leeds' },
    shippingLabel: { carrier: 'DHL', trackingNumber: 'LBL-1' },
  });
  const authorize = (body: Record<string, unknown>, key: string) =>
    svc.http().post('/v1/rmas').set(auth(key)).send(body);
  const step = (rmaId: string, action: string, key: string, body: Record<string, unknown> = {}) =>
    svc.http().post(`/v1/rmas/${rmaId}/${action}`).set(auth(key)).send(body).expect(200);
  const stored = async (sql: string, ...params: unknown[]) => {
    const db = new Client({ connectionString: svc.database.url });
    await db.connect();
    try {
      return (await db.query(sql, params)).rows;
    } finally {
      await db.end();
    }
  };
  const authorizedOn = async (serialNumber: string) =>
    (
      await stored(
        `SELECT stream_id FROM event_store.events
          WHERE type = 'RmaAuthorized' AND data->'lines'->0->>'serialNumber' = $1`,
        serialNumber,
      )
    ).length;

  it('refuses a second refund return on a unit with a 409 naming the open RMA to its retailer and manufacturer', async () => {
    const serialNumber = await recentUnit();
    const { body: first } = await authorize(refundReturn(serialNumber), retailer).expect(201);
    const numbers = await stored(
      `SELECT 1 FROM event_store.events WHERE type = 'RmaNumberReserved'`,
    );
    const second = await authorize(refundReturn(serialNumber.toLowerCase()), retailer).expect(409);
    expect(second.headers['content-type']).toMatch(/problem\+json/);
    expect(second.body).toMatchObject({
      type: '/problems/unit-on-open-rma',
      status: 409,
      serialNumber,
      rmaId: first.rmaId,
      rmaNumber: first.rmaNumber,
    });
    expect(second.body.detail).toContain(first.rmaNumber);
    const exchange = { ...refundReturn(serialNumber), type: 'exchange' };
    await authorize(exchange, maker)
      .expect(409)
      .expect((r) => expect(r.body).toMatchObject({ rmaId: first.rmaId }));
    // Another retailer's unit is, for it, a unit it never sold: nothing of the RMA shows.
    const other = await authorize(refundReturn(serialNumber), otherRetailer).expect(400);
    expect(JSON.stringify(other.body)).not.toMatch(new RegExp(`${first.rmaId}|${first.rmaNumber}`));
    expect(await authorizedOn(serialNumber)).toBe(1);
    expect(
      await stored(`SELECT 1 FROM event_store.events WHERE type = 'RmaNumberReserved'`),
    ).toHaveLength(numbers.length);
  });

  it("answers a retailer whose unit is on another retailer's RMA with a 409 that names nothing", async () => {
    const serialNumber = `ONE-RMA-${++serial}`;
    const { body: theirs } = await authorize(
      {
        ...refundReturn(serialNumber),
        type: 'exchange',
        retailerId: 'bright-electronics',
        lines: [{ serialNumber, price: { amount: 1000, currency: 'EUR' } }],
      },
      maker,
    ).expect(201);
    await recentUnit(serialNumber);
    const refused = await authorize(refundReturn(serialNumber), retailer).expect(409);
    expect(refused.body.type).toBe('/problems/unit-on-open-rma');
    expect(refused.body).not.toHaveProperty('rmaId');
    expect(refused.body).not.toHaveProperty('rmaNumber');
    expect(JSON.stringify(refused.body)).not.toMatch(
      new RegExp(`${theirs.rmaId}|${theirs.rmaNumber}|bright`),
    );
  });

  it('frees the unit once its RMA is cancelled or closed', async () => {
    const cancelledUnit = await recentUnit();
    const { body: cancelled } = await authorize(refundReturn(cancelledUnit), retailer).expect(201);
    await step(cancelled.rmaId, 'cancellation', maker, { reason: 'Customer kept it' });
    await authorize(refundReturn(cancelledUnit), retailer).expect(201);

    const closedUnit = await recentUnit();
    const { body: closed } = await authorize(refundReturn(closedUnit), retailer).expect(201);
    await step(closed.rmaId, 'shipment', retailer, { carrier: 'DHL', trackingNumber: 'T-1' });
    await step(closed.rmaId, 'receipt', maker, { lineId: 'line-1', serialNumber: closedUnit });
    // Sent back to the customer, not refunded: the unit is still the customer's, and registered.
    await step(closed.rmaId, 'inspection', maker, {
      lineId: 'line-1',
      grade: 'A',
      finding: 'no_fault_found',
      disposition: 'return_to_customer',
    });
    await step(closed.rmaId, 'disposition', maker, {
      lineId: 'line-1',
      disposition: 'return_to_customer',
      reference: 'T-BACK',
    });
    await authorize(refundReturn(closedUnit), retailer).expect(409);
    await step(closed.rmaId, 'closure', maker);
    const { body: next } = await authorize(
      { ...refundReturn(closedUnit), type: 'exchange' },
      maker,
    ).expect(201);
    const index = await stored(
      `SELECT data->>'rmaId' AS "rmaId", data->>'takenOverFrom' AS "takenOverFrom"
         FROM event_store.events WHERE stream_id = $1 ORDER BY revision`,
      `rmaunit-acme-appliances~${closedUnit}`,
    );
    expect(index).toEqual([
      { rmaId: closed.rmaId, takenOverFrom: null },
      { rmaId: next.rmaId, takenOverFrom: closed.rmaId },
    ]);
  });

  it('refuses any further RMA on a refunded unit: registration cancelled it as returned_for_refund', async () => {
    const serialNumber = await recentUnit();
    const productId = `acme-appliances~${serialNumber}`;
    const { body: first } = await authorize(refundReturn(serialNumber), retailer).expect(201);
    await step(first.rmaId, 'shipment', retailer, { carrier: 'DHL', trackingNumber: 'T-1' });
    await step(first.rmaId, 'receipt', maker, { lineId: 'line-1', serialNumber });
    await step(first.rmaId, 'inspection', maker, {
      lineId: 'line-1',
      grade: 'A',
      finding: 'no_fault_found',
      disposition: 'refund',
    });
    await step(first.rmaId, 'refund', maker, {
      lineId: 'line-1',
      amount: { amount: 129900, currency: 'EUR' },
      reference: 'RF-1',
    });
    await step(first.rmaId, 'closure', maker);
    // Registration's reaction to RefundIssued ends the registration; the RMA's unit is free again.
    const product = () => svc.http().get(`/v1/products/${productId}`).set(auth(retailer));
    await waitUntil(async () => (await product()).body.status === 'cancelled', {
      describe: () => productId,
    });
    expect((await product()).body.cancelled).toMatchObject({ reason: 'returned_for_refund' });
    const numbers = await stored(
      `SELECT 1 FROM event_store.events WHERE type = 'RmaNumberReserved'`,
    );
    const again = await authorize(refundReturn(serialNumber), retailer).expect(409);
    expect(again.body).toMatchObject({
      type: '/problems/registration-cancelled',
      serialNumber,
      productId,
      reason: 'returned_for_refund',
    });
    expect(again.body.detail).toContain('bought back: refunded or credited');
    await authorize({ ...refundReturn(serialNumber), type: 'exchange' }, maker)
      .expect(409)
      .expect((r) => expect(r.body.reason).toBe('returned_for_refund'));
    // Another retailer learns nothing: for it, this is still a unit it never sold.
    await authorize(refundReturn(serialNumber), otherRetailer).expect(400);
    expect(await authorizedOn(serialNumber)).toBe(1);
    expect(
      await stored(`SELECT 1 FROM event_store.events WHERE type = 'RmaNumberReserved'`),
    ).toHaveLength(numbers.length);
  });

  it('lets one of two simultaneous authorizations for one unit through; the other gets a 409', async () => {
    const serialNumber = await recentUnit();
    const answers = await Promise.all(
      ['race-a', 'race-b'].map((key) =>
        authorize(refundReturn(serialNumber), retailer).set('Idempotency-Key', key),
      ),
    );
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
    const winner = answers.find((r) => r.status === 201)!.body;
    const loser = answers.find((r) => r.status === 409)!.body;
    expect(loser).toMatchObject({ type: '/problems/unit-on-open-rma', rmaId: winner.rmaId });
    expect(await authorizedOn(serialNumber)).toBe(1);
  });
});
