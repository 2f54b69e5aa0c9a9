import type { Pool } from 'pg';
import { claimStream } from '@warranty/contracts/claims';
import { repairStream } from '@warranty/contracts/repairs';
import { rmaStream } from '@warranty/contracts/returns';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@warranty/event-store';
import { PG_POOL } from '@warranty/platform/database';
import {
  feedsUnderTest,
  kafkaSkipReason,
  STANDARD_PLAN,
  unitRegistration,
  claimFiling,
  eventually,
  REPAIR_RATES,
} from '@warranty/testing';
import { startServiceUnderTest, type ServiceUnderTest } from '@warranty/testing/service-app';
import { ClaimsModule } from '../../../claims/src/claims.module';
import { ProjectionsApiModule } from '../../../projections/src/api/projections-api.module';
import { ExchangeReplacementsReactor } from '../../../registration/src/reactions/exchange-replacements.reactor';
import { RegistrationModule } from '../../../registration/src/registration.module';
import { RepairsModule } from '../../../repairs/src/repairs.module';
import { RmaDeadlines } from '../../../returns/src/application/rma-deadlines';
import { ReturnsModule } from '../../../returns/src/returns.module';
import { SettlementModule } from '../../../settlement/src/settlement.module';
import { FulfilmentReactor } from '../../src/reactions/fulfilment.reactor';
import { WorkflowModule } from '../../src/workflow.module';

const EUR = (amount: number) => ({ amount, currency: 'EUR' });
/** A plan whose replacements ship before the faulty unit comes back. */
const ADVANCE_PLAN = { ...STANDARD_PLAN, code: 'ADV-24', name: 'Advance', advanceExchange: true };
/** A plan that ended long before the suite's failures: claims on it are approved as goodwill. */
const SHORT_PLAN = { ...STANDARD_PLAN, code: 'SHORT-1', name: 'Short', months: 1 };
const auth = (key: string) => ({ Authorization: `Bearer ${key}` });
const DAY = 86_400_000;

describe.each(feedsUnderTest())('the fulfilment workflow, through HTTP only (%s feed)', (feed) => {
  let svc: ServiceUnderTest;
  let maker: string;
  let retailer: string;
  let depot: string;
  let serial = 0;

  beforeAll(async () => {
    svc = await startServiceUnderTest(
      (url) => [
        RegistrationModule,
        ClaimsModule,
        ReturnsModule.withTimers({ poll: false }),
        RepairsModule,
        WorkflowModule.forRoot({
          retry: { attempts: 3, initialDelayMs: 50, maxDelayMs: 200 },
          timers: { poll: false },
        }),
        ProjectionsApiModule.forRoot(url),
        SettlementModule.forRoot(url),
      ],
      { feed },
    );
    // The workflow sends its commands to this process over HTTP, as the all-in-one does.
    await svc.app.listen(0, '127.0.0.1');
    maker = await svc.keyFor('acme-appliances', 'manufacturer');
    retailer = await svc.keyFor('acme-retail', 'retailer');
    depot = await svc.keyFor('fixit-depot', 'service_center');
    await svc.http().post('/v1/warranty-plans').set(auth(maker)).send(STANDARD_PLAN).expect(201);
    await svc.http().post('/v1/warranty-plans').set(auth(maker)).send(ADVANCE_PLAN).expect(201);
    await svc.http().post('/v1/warranty-plans').set(auth(maker)).send(SHORT_PLAN).expect(201);
    await svc
      .http()
      .put('/v1/repair-rates/fixit-depot')
      .set(auth(maker))
      .send(REPAIR_RATES)
      .expect(200);
  }, 120_000);
  afterAll(() => svc?.close());

  async function post(key: string, path: string, body: object = {}) {
    const res = await svc.http().post(path).set(auth(key)).send(body);
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res;
  }
  const caseOf = async (claimId: string, minPosition?: string) =>
    (
      await svc
        .http()
        .get(`/v1/cases/${claimId}`)
        .query(minPosition ? { minPosition } : {})
        .set(auth(retailer))
        .expect(200)
    ).body;
  const claimOf = async (claimId: string) =>
    (await svc.http().get(`/v1/claims/${claimId}`).set(auth(maker)).expect(200)).body;
  /** The payable as the payee's key lists it, once the settlement read model has it. */
  const payableOwed = async (payeeKey: string, payableId: string) =>
    (
      await eventually(
        async () =>
          (await svc.http().get('/v1/payables').set(auth(payeeKey)).expect(200)).body
            .items as Array<{
            payableId: string;
          }>,
        (items) => items.some((item) => item.payableId === payableId),
      )
    ).find((item) => item.payableId === payableId);

  async function filedClaim() {
    const serialNumber = `WF-${++serial}`;
    await svc
      .http()
      .post('/v1/products')
      .set(auth(retailer))
      .send(unitRegistration(serialNumber))
      .expect(201);
    const { body } = await svc
      .http()
      .post('/v1/claims')
      .set(auth(retailer))
      .send(claimFiling(serialNumber))
      .expect(201);
    return body.claimId as string;
  }

  /** A registered unit, a claim on it, approved for `resolution`. */
  async function approvedClaim(
    resolution: string,
    registration: Record<string, unknown> = {},
    approval: Record<string, unknown> = {},
  ) {
    const serialNumber = `WF-${++serial}`;
    await svc
      .http()
      .post('/v1/products')
      .set(auth(retailer))
      .send(unitRegistration(serialNumber, registration))
      .expect(201);
    const { body: filed } = await svc
      .http()
      .post('/v1/claims')
      .set(auth(retailer))
      .send({
        manufacturerId: 'acme-appliances',
        serialNumber,
        failureDate: '2026-06-01',
        defect: { category: 'motor', description: 'Drum does not spin' },
        evidence: [],
        customer: { name: 'Ada', email: 'ada@example.com' },
        requestedResolution: resolution === 'credit' ? 'refund' : resolution,
      })
      .expect(201);
    await post(maker, `/v1/claims/${filed.claimId}/review`);
    const { body: approved } = await post(maker, `/v1/claims/${filed.claimId}/approval`, {
      resolution,
      ...(resolution === 'refund' || resolution === 'credit' ? { approvedAmount: EUR(1000) } : {}),
      ...approval,
    });
    return { claimId: filed.claimId as string, serialNumber, approved };
  }

  /** The RMA the workflow authorized, once the claim is in fulfilment with it. */
  /** The case once the workflow has opened its repair order. */
  const caseWithRepair = (claimId: string) =>
    eventually(
      () => caseOf(claimId),
      (c) => c.repair !== null,
    );

  async function rmaOf(claimId: string) {
    const claim = await eventually(
      () => claimOf(claimId),
      (c) => c.state === 'in_fulfilment',
    );
    return claim.fulfilment.rmaId as string;
  }

  async function returnAndInspect(rmaId: string, serialNumber: string, disposition: string) {
    await post(retailer, `/v1/rmas/${rmaId}/shipment`, { carrier: 'DHL', trackingNumber: 'T-1' });
    await post(maker, `/v1/rmas/${rmaId}/receipt`, { lineId: 'line-1', serialNumber });
    await post(maker, `/v1/rmas/${rmaId}/inspection`, {
      lineId: 'line-1',
      grade: 'C',
      finding: 'defect_confirmed',
      disposition,
    });
  }

  it('repair: approved → RMA → inspected for repair → repair order → shipped back → RMA closed → resolved', async () => {
    const { claimId, serialNumber, approved } = await approvedClaim('repair');
    const rmaId = await rmaOf(claimId);
    const authorized = await eventually(
      () => caseOf(claimId, approved.position),
      (c) => c.rma !== null,
    );
    expect(authorized.rma).toMatchObject({ rmaId, type: 'warranty_return', state: 'authorized' });
    expect(authorized.rma.rmaNumber).toMatch(/^RMA-2026-\d{6}$/);

    await returnAndInspect(rmaId, serialNumber, 'repair');
    const opened = await caseWithRepair(claimId);
    expect(opened.repair).toMatchObject({ serviceCenterId: 'fixit-depot', state: 'opened' });
    const repairOrderId = opened.repair.repairOrderId as string;

    const step = (path: string, body: object) =>
      post(depot, `/v1/repair-orders/${repairOrderId}/${path}`, body);
    await step('assignment', { technician: 'tech-ana' });
    await step('diagnosis', { findings: 'Motor', faultCode: 'E21', parts: [], laborMinutes: 60 });
    await step('work-logs', { laborMinutes: 60 });
    await step('completion', {});
    await step('quality-checks', { passed: true });
    await step('shipment', { carrier: 'DHL', trackingNumber: 'BACK-1' });
    const closed = await step('closure', {});

    const resolved = await eventually(
      () => claimOf(claimId),
      (c) => c.state === 'resolved',
    );
    expect(resolved.resolution).toMatchObject({ outcome: 'repaired', rmaId, repairOrderId });
    const rma = await svc.http().get(`/v1/rmas/${rmaId}`).set(auth(maker)).expect(200);
    expect(rma.body.state).toBe('closed');
    const workflow = await svc
      .http()
      .get('/v1/workflow')
      .set(auth(await admin()))
      .expect(200);
    expect(workflow.body.parked).toEqual([]);
    // The manufacturer owes the service center what the closed order says it reimburses.
    expect(await payableOwed(depot, `repair:${repairOrderId}`)).toMatchObject({
      manufacturerId: 'acme-appliances',
      payee: { kind: 'service_center', id: 'fixit-depot' },
      source: { kind: 'repair', id: repairOrderId, href: `/v1/repair-orders/${repairOrderId}` },
      amount: closed.body.ended.costs.reimbursement,
      status: 'open',
    });
  });

  it('goodwill: a claim on an expired plan approved as goodwill gets a covered repair; the customer is asked for nothing', async () => {
    const { claimId, serialNumber } = await approvedClaim(
      'repair',
      { planCode: 'SHORT-1' },
      { goodwill: true },
    );
    expect((await claimOf(claimId)).coverage).toMatchObject({ covered: false, reason: 'expired' });
    const rmaId = await rmaOf(claimId);
    await returnAndInspect(rmaId, serialNumber, 'repair');
    const opened = await caseWithRepair(claimId);
    const repairOrderId = opened.repair.repairOrderId as string;
    const order = `/v1/repair-orders/${repairOrderId}`;
    const { body } = await svc.http().get(order).set(auth(maker)).expect(200);
    expect(body).toMatchObject({ covered: true, goodwill: true, notCoveredReason: null });
    await post(depot, `${order}/assignment`, { technician: 'tech-ana' });
    const diagnosed = await post(depot, `${order}/diagnosis`, {
      findings: 'Motor',
      faultCode: 'E21',
      parts: [],
      laborMinutes: 60,
    });
    expect(diagnosed.body.state).toBe('diagnosed');
  });

  it("audit chain: each event the workflow writes carries its cause's correlation id and points at the cause's id", async () => {
    const store = svc.app.get<EventStore>(EVENT_STORE);
    const claimId = await filedClaim();
    await post(maker, `/v1/claims/${claimId}/review`);
    await svc
      .http()
      .post(`/v1/claims/${claimId}/approval`)
      .set(auth(maker))
      .set('X-Correlation-Id', `corr-approval-${claimId}`)
      .send({ resolution: 'repair' })
      .expect(200);
    const rmaId = await rmaOf(claimId);
    const claimEvents = await store.readStream(claimStream(claimId));
    const approved = claimEvents.find((e) => e.type === 'ClaimApproved')!;
    const started = claimEvents.find((e) => e.type === 'ClaimFulfilmentStarted')!;
    const authorized = (await store.readStream(rmaStream(rmaId))).find(
      (e) => e.type === 'RmaAuthorized',
    )!;
    expect(approved.metadata).toMatchObject({ correlationId: `corr-approval-${claimId}` });
    expect(authorized.metadata).toMatchObject({
      correlationId: `corr-approval-${claimId}`,
      causationId: approved.id,
    });
    expect(started.metadata).toMatchObject({
      correlationId: `corr-approval-${claimId}`,
      causationId: authorized.id,
    });

    await post(retailer, `/v1/rmas/${rmaId}/shipment`, { carrier: 'DHL', trackingNumber: 'T-1' });
    const { serialNumber } = await claimOf(claimId);
    await post(maker, `/v1/rmas/${rmaId}/receipt`, { lineId: 'line-1', serialNumber });
    await svc
      .http()
      .post(`/v1/rmas/${rmaId}/inspection`)
      .set(auth(maker))
      .set('X-Correlation-Id', `corr-inspection-${claimId}`)
      .send({ lineId: 'line-1', grade: 'C', finding: 'defect_confirmed', disposition: 'repair' })
      .expect(200);
    const { repair } = await caseWithRepair(claimId);
    const inspected = (await store.readStream(rmaStream(rmaId))).find(
      (e) => e.type === 'ReturnInspected',
    )!;
    const [opened] = await store.readStream(repairStream(repair.repairOrderId));
    expect(opened).toMatchObject({
      type: 'RepairOrderOpened',
      metadata: { correlationId: `corr-inspection-${claimId}`, causationId: inspected.id },
    });
  });

  it("approval: one case-view read with the approval's position already shows the RMA number", async () => {
    const { claimId, approved } = await approvedClaim('repair');
    const res = await svc
      .http()
      .get(`/v1/cases/${claimId}`)
      .query({ minPosition: approved.position })
      .set(auth(retailer))
      .expect(200);
    expect(res.headers['x-read-model-stale']).toBeUndefined();
    expect(res.body.rma?.rmaNumber).toMatch(/^RMA-2026-\d{6}$/);
    expect(res.body.state).toBe('in_fulfilment');
  });

  it('a case read at the position of an event the workflow ignores does not wait for it', async () => {
    const claimId = await filedClaim();
    const { body: review } = await post(maker, `/v1/claims/${claimId}/review`);
    const started = Date.now();
    const res = await svc
      .http()
      .get(`/v1/cases/${claimId}`)
      .query({ minPosition: review.position })
      .set(auth(retailer))
      .expect(200);
    expect(res.headers['x-read-model-stale']).toBeUndefined();
    expect(res.body.state).toBe('under_review');
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it.each([
    ['refund', 'refunded'],
    ['credit', 'credited'],
  ])(
    '%s: approved → resolved directly as %s with the approved amount, no RMA',
    async (resolution, outcome) => {
      const { claimId } = await approvedClaim(resolution);
      const resolved = await eventually(
        () => claimOf(claimId),
        (c) => c.state === 'resolved',
      );
      expect(resolved.resolution).toMatchObject({ outcome, rmaId: null, repairOrderId: null });
      // The retailer paid the customer: the manufacturer owes it the approved amount, and settles it.
      expect(await payableOwed(retailer, `claim:${claimId}`)).toMatchObject({
        payee: { kind: 'retailer', id: 'acme-retail' },
        amount: EUR(1000),
        status: 'open',
      });
      const settled = await svc
        .http()
        .post('/v1/settlements')
        .set(auth(maker))
        .send({
          payee: { kind: 'retailer', id: 'acme-retail' },
          payableIds: [`claim:${claimId}`],
          reference: `PAY-${claimId}`,
          paidOn: '2026-06-15',
        })
        .expect(201);
      expect(settled.body).toMatchObject({ status: 'paid', total: EUR(1000) });
      const seen = await svc
        .http()
        .get(`/v1/settlements/${settled.body.settlementId}`)
        .query({ minPosition: settled.body.position })
        .set(auth(retailer))
        .expect(200);
      expect(seen.body.items).toEqual([
        expect.objectContaining({ payableId: `claim:${claimId}`, amount: EUR(1000) }),
      ]);
    },
  );

  it('inspected for a refund instead: refund issued → RMA closed → resolved as refunded', async () => {
    const { claimId, serialNumber } = await approvedClaim('repair');
    const rmaId = await rmaOf(claimId);
    await returnAndInspect(rmaId, serialNumber, 'refund');
    await post(maker, `/v1/rmas/${rmaId}/refund`, {
      lineId: 'line-1',
      amount: EUR(1000),
      reference: 'REF-1',
    });
    const resolved = await eventually(
      () => claimOf(claimId),
      (c) => c.state === 'resolved',
    );
    expect(resolved.resolution).toMatchObject({ outcome: 'refunded', rmaId, repairOrderId: null });
    // Owed once, for the RMA line: the claim resolved through the RMA owes nothing of its own.
    expect(await payableOwed(retailer, `rma:${rmaId}:line-1`)).toMatchObject({
      payee: { kind: 'retailer', id: 'acme-retail' },
      amount: EUR(1000),
    });
    const owed = await svc
      .http()
      .get('/v1/payables')
      .query({ minPosition: (await svc.lastWritten()).toString() })
      .set(auth(retailer))
      .expect(200);
    // Caught up past the resolution, so an absent claim payable is absent, not not-yet-projected.
    expect(owed.headers['x-read-model-stale']).toBeUndefined();
    expect(owed.body.items.map((item: { payableId: string }) => item.payableId)).not.toContain(
      `claim:${claimId}`,
    );
  });

  it('replace: approved → RMA → inspected for exchange → exchange shipped → RMA closed → resolved', async () => {
    const { claimId, serialNumber } = await approvedClaim('replace');
    const rmaId = await rmaOf(claimId);
    await returnAndInspect(rmaId, serialNumber, 'exchange');
    await post(maker, `/v1/rmas/${rmaId}/exchange-shipment`, {
      lineId: 'line-1',
      replacementSerialNumber: `${serialNumber}-R`,
      carrier: 'UPS',
      trackingNumber: 'X-1',
    });
    const resolved = await eventually(
      () => claimOf(claimId),
      (c) => c.state === 'resolved',
    );
    expect(resolved.resolution).toMatchObject({ outcome: 'replaced', rmaId });
  });

  it('advance exchange: on a plan that gives one, approved for replace → advance exchange → replacement ships ahead → unit back and inspected → RMA closed → resolved', async () => {
    const { claimId, serialNumber } = await approvedClaim('replace', { planCode: 'ADV-24' });
    const rmaId = await rmaOf(claimId);
    const rmaNow = async () =>
      (await svc.http().get(`/v1/rmas/${rmaId}`).set(auth(maker)).expect(200)).body;
    expect(await rmaNow()).toMatchObject({
      type: 'advance_exchange',
      claimId,
      deposit: { amount: 129900, currency: 'EUR' },
    });
    await post(maker, `/v1/rmas/${rmaId}/exchange-shipment`, {
      lineId: 'line-1',
      replacementSerialNumber: `${serialNumber}-R`,
      carrier: 'UPS',
      trackingNumber: 'AHEAD-1',
    });
    await untilHandled();
    expect((await claimOf(claimId)).state).toBe('in_fulfilment');
    expect((await rmaNow()).state).not.toBe('closed');

    await returnAndInspect(rmaId, serialNumber, 'exchange');
    const resolved = await eventually(
      () => claimOf(claimId),
      (c) => c.state === 'resolved',
    );
    expect(resolved.resolution).toMatchObject({ outcome: 'replaced', rmaId });
    expect((await rmaNow()).state).toBe('closed');
  });

  it('approved for replace on a plan without advance exchange: a warranty return', async () => {
    const { claimId } = await approvedClaim('replace');
    const rmaId = await rmaOf(claimId);
    const { body } = await svc.http().get(`/v1/rmas/${rmaId}`).set(auth(maker)).expect(200);
    expect(body).toMatchObject({ type: 'warranty_return', deposit: null });
  });

  it('unrepairable: the repair order declared unrepairable switches the RMA to an exchange; its shipment resolves the claim', async () => {
    const { claimId, serialNumber } = await approvedClaim('repair');
    const rmaId = await rmaOf(claimId);
    await returnAndInspect(rmaId, serialNumber, 'repair');
    const opened = await caseWithRepair(claimId);
    const repairOrderId = opened.repair.repairOrderId as string;
    await post(depot, `/v1/repair-orders/${repairOrderId}/assignment`, { technician: 'tech-ana' });
    await post(depot, `/v1/repair-orders/${repairOrderId}/unrepairable`, {
      reason: 'Housing cracked',
    });
    await eventually(
      async () => (await svc.http().get(`/v1/rmas/${rmaId}`).set(auth(maker)).expect(200)).body,
      (rma) => rma.lines[0].inspection?.disposition === 'exchange',
    );
    const pending = await eventually(
      () => caseOf(claimId),
      (c) => c.rma?.state === 'exchange_pending',
    );
    expect(pending.rma.stateInWords).toMatch(/^Could not be repaired/);
    await post(maker, `/v1/rmas/${rmaId}/exchange-shipment`, {
      lineId: 'line-1',
      replacementSerialNumber: `${serialNumber}-R`,
      carrier: 'UPS',
      trackingNumber: 'X-2',
    });
    const resolved = await eventually(
      () => claimOf(claimId),
      (c) => c.state === 'resolved',
    );
    expect(resolved.resolution).toMatchObject({ outcome: 'replaced', rmaId, repairOrderId });
  });

  it('cancelled: the RMA cancelled before the unit came back resolves the claim as rma_cancelled, owing nothing', async () => {
    const { claimId } = await approvedClaim('repair');
    const rmaId = await rmaOf(claimId);
    await post(retailer, `/v1/rmas/${rmaId}/cancellation`, { reason: 'Customer keeps the unit' });
    const resolved = await eventually(
      () => claimOf(claimId),
      (c) => c.state === 'resolved',
    );
    expect(resolved.resolution).toMatchObject({ outcome: 'rma_cancelled', rmaId });
    const seen = await eventually(
      () => caseOf(claimId),
      (c) => c.state === 'resolved',
    );
    expect(seen.stateInWords).toMatch(/the return was cancelled/);
    const owed = await svc
      .http()
      .get('/v1/payables')
      .query({ minPosition: (await svc.lastWritten()).toString() })
      .set(auth(retailer))
      .expect(200);
    expect(owed.body.items.map((item: { payableId: string }) => item.payableId)).not.toContain(
      `claim:${claimId}`,
    );
  });

  it.each([
    ['return_to_customer', 'returned_unrepaired'],
    ['scrap', 'scrapped'],
  ])(
    'inspected for %s: the disposition applied → the workflow closes the RMA → resolved as %s',
    async (disposition, outcome) => {
      const { claimId, serialNumber } = await approvedClaim('repair');
      const rmaId = await rmaOf(claimId);
      await returnAndInspect(rmaId, serialNumber, disposition);
      await post(maker, `/v1/rmas/${rmaId}/disposition`, {
        lineId: 'line-1',
        disposition,
        reference: 'BACK-9',
      });
      const resolved = await eventually(
        () => claimOf(claimId),
        (c) => c.state === 'resolved',
      );
      expect(resolved.resolution).toMatchObject({ outcome, rmaId, repairOrderId: null });
      const rma = await svc.http().get(`/v1/rmas/${rmaId}`).set(auth(maker)).expect(200);
      expect(rma.body.state).toBe('closed');
    },
  );

  it('redelivery: the whole log replayed through the workflow from position zero writes nothing', async () => {
    const store = svc.app.get<EventStore>(EVENT_STORE);
    const reactor = svc.app.get(FulfilmentReactor);
    // The live workflow first finishes what earlier tests started (on Kafka it trails the store).
    await untilHandled();
    // Forgotten cases: every reaction is decided again and every command sent again.
    await svc.app.get<Pool>(PG_POOL).query('DELETE FROM workflow.cases');
    const log = await store.readAll({ maxCount: 100_000 });
    const sent = jest.spyOn(reactor['gateway'], 'send');
    for (const event of log) if (wanted(event)) await reactor.handle(event);
    expect(sent.mock.calls.length).toBeGreaterThan(10);
    sent.mockRestore();
    const after = await store.readAll({ maxCount: 100_000 });
    expect(after.length).toBe(log.length);
    expect((await reactor.book.parked()).length).toBe(0);
  });

  it('crash between the commands and the checkpoint: after the restart each aggregate exists once', async () => {
    const reactor = svc.app.get(FulfilmentReactor);
    const store = svc.app.get<EventStore>(EVENT_STORE);
    const { claimId, serialNumber } = await approvedClaim('repair');
    const rmaId = await rmaOf(claimId);
    // The process dies after its commands were accepted, before the checkpoint is committed.
    const handled = jest
      .spyOn(reactor.book, 'handled')
      .mockRejectedValueOnce(new Error('killed before the checkpoint'));
    await returnAndInspect(rmaId, serialNumber, 'repair');
    await caseWithRepair(claimId);
    await eventually(
      async () => handled.mock.calls.length,
      (calls) => calls >= 2,
    );
    handled.mockRestore();
    const orders = (await store.readAll({ maxCount: 100_000 })).filter(
      (e) => e.type === 'RepairOrderOpened' && (e.data as { claimId?: string }).claimId === claimId,
    );
    expect(orders).toHaveLength(1);
    const rmas = (await store.readAll({ maxCount: 100_000 })).filter(
      (e) => e.type === 'RmaAuthorized' && (e.data as { claimId?: string }).claimId === claimId,
    );
    expect(rmas).toHaveLength(1);
  });

  // Last: these move the suite's clock on.
  it('expiry: a rejection not appealed within 30 days closes the claim; an appealed one stays open', async () => {
    const rejected = await filedClaim();
    const appealed = await filedClaim();
    for (const claimId of [rejected, appealed]) {
      await post(maker, `/v1/claims/${claimId}/review`);
      await post(maker, `/v1/claims/${claimId}/rejection`, { reasonCode: 'misuse' });
    }
    await post(retailer, `/v1/claims/${appealed}/appeal`, { grounds: 'It was not misuse' });
    await untilHandled();
    svc.clock.advance(29 * DAY);
    await svc.app.get(FulfilmentReactor).timers.tick();
    expect((await claimOf(rejected)).state).toBe('rejected');
    svc.clock.advance(2 * DAY);
    await svc.app.get(FulfilmentReactor).timers.tick();
    expect((await claimOf(rejected)).state).toBe('closed');
    expect((await claimOf(appealed)).state).toBe('appealed');
  });

  it('expiry: a resolved claim closes 14 days after its resolution', async () => {
    const { claimId } = await approvedClaim('credit');
    await eventually(
      () => claimOf(claimId),
      (c) => c.state === 'resolved',
    );
    await untilHandled();
    svc.clock.advance(13 * DAY);
    await svc.app.get(FulfilmentReactor).timers.tick();
    expect((await claimOf(claimId)).state).toBe('resolved');
    svc.clock.advance(2 * DAY);
    await svc.app.get(FulfilmentReactor).timers.tick();
    expect((await claimOf(claimId)).state).toBe('closed');
    // The timer fired the close: it is the cause; the approval's correlation id runs on through it.
    const events = await svc.app.get<EventStore>(EVENT_STORE).readStream(claimStream(claimId));
    const approved = events.find((e) => e.type === 'ClaimApproved')!;
    expect(events.find((e) => e.type === 'ClaimClosed')!.metadata).toMatchObject({
      correlationId: approved.metadata.correlationId,
      causationId: `claim-close-resolved-${claimId}`,
    });
  });

  it('expiry: an RMA nothing was shipped on expires and resolves its claim as not_returned', async () => {
    const { claimId } = await approvedClaim('repair');
    const rmaId = await rmaOf(claimId);
    await untilHandled();
    svc.clock.advance(16 * DAY);
    // Returns' own timers expire the RMA 14 days after its authorization.
    await svc.app.get(RmaDeadlines)['timers'].tick();
    const resolved = await eventually(
      () => claimOf(claimId),
      (c) => c.state === 'resolved',
    );
    expect(resolved.resolution).toMatchObject({ outcome: 'not_returned', rmaId });
  });

  /** Until the workflow has handled everything in the log so far. */
  async function untilHandled() {
    const reactions = [svc.app.get(FulfilmentReactor), svc.app.get(ExchangeReplacementsReactor)];
    // A reaction may write what another reacts to: done when nothing was written while both caught up.
    for (let at = await svc.lastWritten(), seen: bigint | undefined; at !== seen;) {
      const target = at;
      await eventually(
        async () => (await Promise.all(reactions.map((r) => r.caughtUpTo(target)))).every(Boolean),
        (done) => done,
      );
      seen = at;
      at = await svc.lastWritten();
    }
  }

  let adminKey: string | undefined;
  async function admin() {
    adminKey ??= await svc.keyFor('platform-ops', 'admin');
    return adminKey;
  }
});

const wanted = (event: RecordedEvent) =>
  ['claim-', 'rma-', 'repair-'].some((prefix) => event.streamId.startsWith(prefix));

if (kafkaSkipReason()) {
  it.skip(`the fulfilment workflow on the Kafka feed: ${kafkaSkipReason()}`, () => undefined);
}
