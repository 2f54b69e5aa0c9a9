import { Client } from 'pg';
import { EVENT_STORE, type EventStore } from '@warranty/event-store';
import { buildApiDocument } from '@warranty/platform';
import { claimFiling, STANDARD_PLAN, unitRegistration, waitUntil } from '@warranty/testing';
import { startServiceUnderTest, type ServiceUnderTest } from '@warranty/testing/service-app';
import { RegistrationModule } from '../../../registration/src/registration.module';
import { ExchangeReplacementsReactor } from '../../../registration/src/reactions/exchange-replacements.reactor';
import { ReturnsModule } from '../../../returns/src/returns.module';
import { ClaimsModule } from '../../src/claims.module';

const EUR = (amount: number) => ({ amount, currency: 'EUR' });

/**
 * A unit is bought back once: the black-box report, end to end on claims, registration (and its
 * reaction) and returns in one app. The workflow is not running: the manufacturer resolves a claim
 * paid directly itself, as the workflow would.
 */
describe('A unit is refunded or credited once, by a claim or an RMA', () => {
  let svc: ServiceUnderTest;
  let maker: string;
  let retailer: string;
  let serial = 0;
  const auth = (key: string) => ({ Authorization: `Bearer ${key}` });

  beforeAll(async () => {
    svc = await startServiceUnderTest(() => [
      RegistrationModule,
      ClaimsModule,
      ReturnsModule.withTimers({ poll: false }),
    ]);
    maker = await svc.keyFor('acme-appliances', 'manufacturer');
    retailer = await svc.keyFor('acme-retail', 'retailer');
    await svc.http().post('/v1/warranty-plans').set(auth(maker)).send(STANDARD_PLAN).expect(201);
  });
  afterAll(() => svc?.close());

  /** A unit acme-retail sold at 1299.00 EUR on STD-24 (on 2026-01-10 unless told; today is 06-15). */
  async function sold(purchaseDate = '2026-01-10') {
    const serialNumber = `A-${++serial}`;
    await svc
      .http()
      .post('/v1/products')
      .set(auth(retailer))
      .send(unitRegistration(serialNumber, { purchaseDate }))
      .expect(201);
    return { serialNumber, productId: `acme-appliances~${serialNumber}` };
  }

  /** A claim the retailer filed for `category` and the manufacturer is reviewing. */
  async function underReview(serialNumber: string, category: string, extra = {}) {
    const { body } = await svc
      .http()
      .post('/v1/claims')
      .set(auth(retailer))
      .send(
        claimFiling(serialNumber, {
          defect: { category, description: 'Fails' },
          requestedResolution: 'refund',
          ...extra,
        }),
      )
      .expect(201);
    await act(body.claimId, 'review').expect(200);
    return body.claimId as string;
  }

  const act = (claimId: string, action: string, body: Record<string, unknown> = {}) =>
    svc.http().post(`/v1/claims/${claimId}/${action}`).set(auth(maker)).send(body);
  const approve = (claimId: string, resolution: string, amount: number, goodwill = false) =>
    act(claimId, 'approval', { resolution, approvedAmount: EUR(amount), goodwill });
  /** What the workflow does for a claim approved for a refund or credit. */
  const paid = (claimId: string, outcome: 'refunded' | 'credited') =>
    act(claimId, 'resolution', { outcome }).expect(200);

  const unitOf = (productId: string) =>
    svc.http().get(`/v1/products/${productId}`).set(auth(maker)).expect(200);
  const boughtBack = (productId: string) =>
    waitUntil(async () => (await unitOf(productId)).body.status === 'cancelled', {
      describe: () => productId,
    });

  const rma = (serialNumber: string) =>
    svc
      .http()
      .post('/v1/rmas')
      .set(auth(maker))
      .send({
        type: 'exchange',
        manufacturerId: 'acme-appliances',
        lines: [{ serialNumber }],
        shipTo: { locationId: 'leeds', name: 'Acme returns depot', address: '1 Dock Road' },
        shippingLabel: { carrier: 'DHL', trackingNumber: 'LBL-1' },
      });
  const step = (rmaId: string, action: string, body: Record<string, unknown> = {}) =>
    svc.http().post(`/v1/rmas/${rmaId}/${action}`).set(auth(maker)).send(body);
  /** An RMA on the unit whose line arrived and was inspected for `disposition`. */
  async function inspectedFor(serialNumber: string, disposition: 'refund' | 'credit') {
    const { body } = await rma(serialNumber).expect(201);
    await step(body.rmaId, 'receipt', { lineId: 'line-1', serialNumber }).expect(200);
    await step(body.rmaId, 'inspection', {
      lineId: 'line-1',
      grade: 'C',
      finding: 'defect_confirmed',
      disposition,
    }).expect(200);
    return body.rmaId as string;
  }

  // Straight from the table: the feed may hold back behind other suites' open transactions.
  const stored = async (sql: string, ...params: unknown[]) => {
    const db = new Client({ connectionString: svc.database.url });
    await db.connect();
    try {
      return (await db.query(sql, params)).rows;
    } finally {
      await db.end();
    }
  };
  const payoutsOn = async (serialNumber: string) =>
    (
      await stored(
        `SELECT e.type FROM event_store.events e
          WHERE (e.type = 'ClaimApproved' AND e.data->>'resolution' IN ('refund', 'credit')
                 AND e.stream_id IN (SELECT 'claim-' || (f.data->>'claimId') FROM event_store.events f
                                      WHERE f.type = 'ClaimFiled' AND f.data->>'serialNumber' = $1))
             OR (e.type IN ('RefundIssued', 'CreditIssued')
                 AND e.stream_id IN (SELECT r.stream_id FROM event_store.events r
                                      WHERE r.type = 'RmaAuthorized'
                                        AND r.data->'lines'->0->>'serialNumber' = $1))`,
        serialNumber,
      )
    ).map((row) => row.type as string);

  it("refuses the tester's second claim refund and the RMA after it: 500.01 EUR owed on the unit, not 3098.01", async () => {
    const unit = await sold();
    const first = await underReview(unit.serialNumber, 'electrical');
    const second = await underReview(unit.serialNumber, 'mechanical');
    await approve(first, 'refund', 50_001).expect(200);

    // Before the first is even resolved: the second refund is refused, naming the first claim.
    const refused = await approve(second, 'refund', 129_900).expect(409);
    expect(refused.headers['content-type']).toMatch(/problem\+json/);
    expect(refused.body).toMatchObject({
      type: '/problems/unit-already-refunded',
      status: 409,
      otherClaimId: first,
      serialNumber: unit.serialNumber,
    });
    expect(refused.body.detail).toContain(first);
    await approve(second, 'credit', 1).expect(409);

    // The workflow pays it directly; registration's reaction ends the unit's registration.
    await paid(first, 'refunded');
    await boughtBack(unit.productId);
    const { body: cancelled } = await unitOf(unit.productId);
    expect(cancelled.cancelled).toMatchObject({ reason: 'returned_for_refund' });
    expect(cancelled.cancelled.notes).toContain(first);
    // Still the first claim that is named, now that the registration ended too.
    await approve(second, 'refund', 129_900)
      .expect(409)
      .expect((r) => expect(r.body.otherClaimId).toBe(first));

    // No RMA takes the unit back again.
    const again = await rma(unit.serialNumber).expect(409);
    expect(again.body).toMatchObject({
      type: '/problems/registration-cancelled',
      serialNumber: unit.serialNumber,
      productId: unit.productId,
      reason: 'returned_for_refund',
    });
    expect(await payoutsOn(unit.serialNumber)).toEqual(['ClaimApproved']);
    // The second claim was left as it was: the manufacturer may still decide it otherwise.
    expect(
      (await act(second, 'rejection', { reasonCode: 'duplicate' }).expect(200)).body.state,
    ).toBe('rejected');
  });

  it('refuses the RMA refund when a claim refund landed while the unit was on the RMA', async () => {
    const unit = await sold();
    const claimId = await underReview(unit.serialNumber, 'electrical');
    const rmaId = await inspectedFor(unit.serialNumber, 'refund');
    await approve(claimId, 'refund', 129_900).expect(200);
    await paid(claimId, 'refunded');
    await boughtBack(unit.productId);

    const refused = await step(rmaId, 'refund', {
      lineId: 'line-1',
      amount: EUR(129_900),
      reference: 'RF-1',
    }).expect(409);
    expect(refused.body).toMatchObject({
      type: '/problems/registration-cancelled',
      state: 'inspected',
      lineId: 'line-1',
      serialNumber: unit.serialNumber,
      productId: unit.productId,
      reason: 'returned_for_refund',
    });
    expect(await payoutsOn(unit.serialNumber)).toEqual(['ClaimApproved']);
  });

  it("ends the registration after an RMA credit; the RMA's own follow-ups still pass, a claim refund does not", async () => {
    const unit = await sold();
    const claimId = await underReview(unit.serialNumber, 'electrical');
    const rmaId = await inspectedFor(unit.serialNumber, 'credit');
    const credit = () =>
      step(rmaId, 'credit', { lineId: 'line-1', amount: EUR(129_900), reference: 'CN-7' }).set(
        'Idempotency-Key',
        `credit-${rmaId}`,
      );
    const { body: credited } = await credit().expect(200);
    await boughtBack(unit.productId);
    expect((await unitOf(unit.productId)).body.cancelled).toMatchObject({
      reason: 'returned_for_refund',
      notes: expect.stringMatching(/^Credited through RMA/),
    });

    // The credit's retry answers as the first time; the RMA closes.
    const retried = await credit().expect(200);
    expect(retried.body.revision).toBe(credited.revision);
    await step(rmaId, 'closure').expect(200);

    const refused = await approve(claimId, 'refund', 100).expect(409);
    expect(refused.body).toMatchObject({
      type: '/problems/registration-cancelled',
      productId: unit.productId,
      reason: 'returned_for_refund',
    });
    expect(await payoutsOn(unit.serialNumber)).toEqual(['CreditIssued']);
  });

  it('applies to goodwill on an uncovered unit: a credit buys it back, a second is refused', async () => {
    const unit = await sold('2023-01-10');
    const first = await underReview(unit.serialNumber, 'electrical');
    const second = await underReview(unit.serialNumber, 'mechanical');
    // Uncovered (its plan ended in 2025): only goodwill approves it.
    await approve(first, 'credit', 20_000).expect(400);
    await approve(first, 'credit', 20_000, true).expect(200);
    await approve(second, 'refund', 20_000, true)
      .expect(409)
      .expect((r) => expect(r.body.type).toBe('/problems/unit-already-refunded'));
    await paid(first, 'credited');
    await boughtBack(unit.productId);
    expect((await unitOf(unit.productId)).body.cancelled.notes).toMatch(/^Credited through claim/);
  });

  it('holds for a unit never registered too: its claims rest on a receipt, so no registration ends', async () => {
    const serialNumber = `RECEIPT-${++serial}`;
    const receipt = {
      proofOfPurchase: { date: '2026-02-01', retailerId: 'acme-retail', reference: 'INV-1' },
    };
    const first = await underReview(serialNumber, 'electrical', receipt);
    const second = await underReview(serialNumber, 'mechanical', receipt);
    await approve(first, 'refund', 50_000).expect(200);
    await approve(second, 'refund', 50_000)
      .expect(409)
      .expect((r) => expect(r.body.otherClaimId).toBe(first));
  });

  it('writes nothing more when the reaction gets the same ClaimResolved again', async () => {
    const unit = await sold();
    const claimId = await underReview(unit.serialNumber, 'electrical');
    await approve(claimId, 'refund', 100).expect(200);
    await paid(claimId, 'refunded');
    await boughtBack(unit.productId);
    const store = svc.app.get<EventStore>(EVENT_STORE);
    const resolved = (await store.readStream(`claim-${claimId}`)).find(
      (e) => e.type === 'ClaimResolved',
    )!;
    const reactor = svc.app.get(ExchangeReplacementsReactor);
    await reactor.handle(resolved);
    await reactor.handle(resolved);
    const events = await store.readStream(`product-${unit.productId}`);
    expect(events.map((e) => e.type)).toEqual(['ProductRegistered', 'RegistrationCancelled']);
    expect((await reactor.book.conflicts()).some((c) => c.eventId === resolved.id)).toBe(false);
  });

  it('documents the refusals in the OpenAPI description and the problem pages', async () => {
    const claims = buildApiDocument(svc.app, 'claims');
    const responses = (path: string) =>
      (claims.paths[path].post as { responses: Record<string, { description: string }> }).responses;
    expect(responses('/v1/claims/{claimId}/approval')['409'].description).toMatch(
      /unit-already-refunded.*registration-cancelled/s,
    );
    for (const action of ['refund', 'credit'])
      expect(responses(`/v1/rmas/{rmaId}/${action}`)['409'].description).toContain(
        'registration-cancelled',
      );
    for (const code of ['unit-already-refunded', 'registration-cancelled'])
      expect((await svc.http().get(`/problems/${code}`).expect(200)).text).toContain('Status 409');
  });
});
