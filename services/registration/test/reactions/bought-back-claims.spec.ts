import { randomUUID } from 'node:crypto';
import type { EventStore } from '@warranty/event-store';
import { type ClaimOutcome, claimEvents, claimStream } from '@warranty/contracts/claims';
import { feedsUnderTest, waitUntil } from '@warranty/testing';
import type { ServiceUnderTest } from '@warranty/testing/service-app';
import {
  auth,
  productEvents,
  reactionConflict,
  registrationCancelled,
  registrationReactor,
  soldUnit,
  startRegistration,
} from './registration-under-test';

describe.each(feedsUnderTest())('Units bought back on a claim cancelled on the %s feed', (feed) => {
  let svc: ServiceUnderTest;
  let store: EventStore;
  let retailer: string;
  let serial = 0;

  beforeAll(async () => ({ svc, store, retailer } = await startRegistration(feed)));
  afterAll(() => svc?.close());

  const sold = () => soldUnit(svc, retailer, `BB-${feed}-${++serial}`);

  /**
   * A claim as claims writes it, filed on a unit (registered: with its productId; on a receipt:
   * null), approved for `resolution` and resolved with `outcome`, directly or through `rmaId`.
   */
  async function resolved(
    unit: { serialNumber: string; productId: string | null },
    outcome: ClaimOutcome,
    { rmaId = null, goodwill = false }: { rmaId?: string | null; goodwill?: boolean } = {},
  ) {
    const claimId = randomUUID();
    const at = svc.clock.now().toISOString();
    const event = (type: string, data: Record<string, unknown>) => ({
      type,
      data: { claimId, ...data },
      metadata: {
        schemaVersion: claimEvents.schemaVersion(type as never),
        tenants: { manufacturer: 'acme-appliances', retailer: 'acme-retail' },
        correlationId: `claim-${claimId}`,
      },
    });
    const resolution = outcome === 'credited' ? 'credit' : 'refund';
    await store.append(
      claimStream(claimId),
      [
        event('ClaimFiled', {
          retailerId: 'acme-retail',
          manufacturerId: 'acme-appliances',
          serialNumber: unit.serialNumber,
          productId: unit.productId,
          model: 'WM-9000',
          productCategory: 'washing_machine',
          purchaseDate: '2026-01-10',
          failureDate: '2026-06-01',
          defect: { category: 'electrical', description: 'No power' },
          evidence: [],
          customer: { name: 'Ada', email: 'ada@example.com' },
          requestedResolution: 'refund',
          proofOfPurchase: null,
          coverage: {
            covered: !goodwill,
            planCode: 'STD-24',
            endDate: goodwill ? null : '2028-01-09',
            reason: goodwill ? 'expired' : null,
            source: unit.productId ? 'registration' : 'proof_of_purchase',
          },
          price: { amount: 129900, currency: 'EUR' },
          flags: [],
          filedAt: at,
        }),
        event('ClaimReviewStarted', { previousState: 'submitted', by: 'acme-appliances', at }),
        event('ClaimApproved', {
          resolution,
          approvedAmount: { amount: 50001, currency: 'EUR' },
          goodwill,
          notes: '',
          decidedBy: 'acme-appliances',
          at,
        }),
        event('ClaimResolved', { outcome, rmaId, repairOrderId: null, by: 'workflow', at }),
      ],
      'no_stream',
    );
    const events = await store.readStream(claimStream(claimId));
    return { claimId, filing: events[0], resolution: events[3] };
  }

  const eventsOf = (productId: string) => productEvents(store, productId);
  const cancelled = (productId: string) => registrationCancelled(store, productId);
  const reactor = () => registrationReactor(svc);
  const conflictOf = (eventId: string) => reactionConflict(svc, eventId);

  it.each([
    ['refunded', false],
    ['credited', false],
    ['refunded', true],
  ] as const)(
    "ends the unit's registration when a claim is resolved %s directly (goodwill %s), naming the claim",
    async (outcome, goodwill) => {
      const unit = await sold();
      const { claimId } = await resolved(unit, outcome, { goodwill });
      await waitUntil(cancelled(unit.productId), { describe: () => unit.productId });
      const { body } = await svc
        .http()
        .get(`/v1/products/${encodeURIComponent(unit.productId)}`)
        .set(auth(retailer))
        .expect(200);
      expect(body).toMatchObject({
        status: 'cancelled',
        cancelled: { reason: 'returned_for_refund' },
      });
      const events = await eventsOf(unit.productId);
      expect(events.map((e) => e.type)).toEqual(['ProductRegistered', 'RegistrationCancelled']);
      expect(String(events[1].data.notes)).toContain(claimId);
      expect(String(events[1].data.notes)).toMatch(
        outcome === 'credited' ? /^Credited/ : /^Refunded/,
      );
      expect(events[1].metadata.tenants).toEqual({
        manufacturer: 'acme-appliances',
        retailer: 'acme-retail',
      });
    },
  );

  it('writes nothing when the same ClaimResolved is delivered again', async () => {
    const unit = await sold();
    const { resolution } = await resolved(unit, 'refunded');
    await waitUntil(cancelled(unit.productId));
    await reactor().handle(resolution);
    await reactor().handle(resolution);
    expect(await eventsOf(unit.productId)).toHaveLength(2);
    expect(await conflictOf(resolution.id)).toBeUndefined();
  });

  it('leaves alone a claim resolved otherwise, one its RMA paid, and one on a receipt', async () => {
    const repaired = await sold();
    const throughRma = await sold();
    const onReceipt = await sold();
    const ignored = [
      await resolved(repaired, 'repaired', { rmaId: randomUUID() }),
      await resolved(throughRma, 'refunded', { rmaId: randomUUID() }),
      await resolved({ serialNumber: onReceipt.serialNumber, productId: null }, 'refunded'),
    ];
    const last = ignored[ignored.length - 1].resolution.position;
    await waitUntil(() => reactor().caughtUpTo(last));
    for (const unit of [repaired, throughRma, onReceipt])
      expect((await eventsOf(unit.productId)).map((e) => e.type)).toEqual(['ProductRegistered']);
    for (const { resolution } of ignored) expect(await conflictOf(resolution.id)).toBeUndefined();
  });

  it("records nothing for the claim's other events, which Kafka hands on too", async () => {
    const unit = await sold();
    const { filing } = await resolved(unit, 'refunded');
    await waitUntil(cancelled(unit.productId));
    await reactor().handle(filing);
    expect(await conflictOf(filing.id)).toBeUndefined();
    expect(await eventsOf(unit.productId)).toHaveLength(2);
  });

  it('records a unit whose registration already ended as a conflict and carries on', async () => {
    const unit = await sold();
    await svc
      .http()
      .post(`/v1/products/${encodeURIComponent(unit.productId)}/cancellation`)
      .set(auth(retailer))
      .send({ reason: 'registered_in_error' })
      .expect(200);
    const { resolution } = await resolved(unit, 'refunded');
    await waitUntil(async () => !!(await conflictOf(resolution.id)));
    expect(await conflictOf(resolution.id)).toMatchObject({
      code: 'registration-cancelled',
      streamId: claimStream(resolution.data.claimId as string),
    });
    const events = await eventsOf(unit.productId);
    expect(events.map((e) => e.type)).toEqual(['ProductRegistered', 'RegistrationCancelled']);
    expect(events[1].data).toMatchObject({ reason: 'registered_in_error' });
  });
});
