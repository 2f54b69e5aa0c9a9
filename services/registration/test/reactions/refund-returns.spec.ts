import { randomUUID } from 'node:crypto';
import type { EventStore } from '@warranty/event-store';
import { rmaEvents, rmaStream } from '@warranty/contracts/returns';
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

describe.each(feedsUnderTest())('Refunded units cancelled on the %s feed', (feed) => {
  let svc: ServiceUnderTest;
  let store: EventStore;
  let retailer: string;
  let serial = 0;

  beforeAll(async () => ({ svc, store, retailer } = await startRegistration(feed)));
  afterAll(() => svc?.close());

  const sold = () => soldUnit(svc, retailer, `RF-${feed}-${++serial}`);

  const metadata = (rmaId: string, type: 'RmaAuthorized' | 'RefundIssued' | 'CreditIssued') => ({
    schemaVersion: rmaEvents.schemaVersion(type),
    tenants: { manufacturer: 'acme-appliances', retailer: 'acme-retail' },
    correlationId: `rma-${rmaId}`,
  });

  /**
   * An RMA as returns writes it: RmaAuthorized with a line per unit (the registered ones with
   * their productId, an unregistered one with null), then RefundIssued (or `payout`) on `refundedLine`.
   */
  async function refunded(
    units: Array<{ serialNumber: string; productId: string | null }>,
    refundedLine: string,
    payout: 'RefundIssued' | 'CreditIssued' = 'RefundIssued',
  ) {
    const rmaId = randomUUID();
    const at = svc.clock.now().toISOString();
    await store.append(
      rmaStream(rmaId),
      [
        {
          type: 'RmaAuthorized',
          data: {
            rmaId,
            rmaNumber: `RMA-2026-${rmaId.slice(0, 6)}`,
            type: 'refund_return',
            manufacturerId: 'acme-appliances',
            retailerId: 'acme-retail',
            claimId: null,
            lines: units.map((u, i) => ({
              lineId: `line-${i + 1}`,
              serialNumber: u.serialNumber,
              productId: u.productId,
              model: null,
              price: { amount: 129900, currency: 'EUR' },
            })),
            shipTo: { locationId: 'leeds', name: 'Depot', address: '1 Dock Road' },
            returnBy: '2026-06-29',
            shippingLabel: { carrier: 'DHL', trackingNumber: 'LBL-1' },
            deposit: null,
            authorizedBy: 'acme-retail',
            at,
          },
          metadata: metadata(rmaId, 'RmaAuthorized'),
        },
        {
          type: payout,
          data: {
            rmaId,
            lineId: refundedLine,
            amount: { amount: 129900, currency: 'EUR' },
            reference: 'RF-1',
            by: 'acme-appliances',
            at,
          },
          metadata: metadata(rmaId, payout),
        },
      ],
      'no_stream',
    );
    const events = await store.readStream(rmaStream(rmaId));
    return { rmaId, authorization: events[0], refund: events[1] };
  }

  const eventsOf = (productId: string) => productEvents(store, productId);
  const cancelled = (productId: string) => registrationCancelled(store, productId);
  const reactor = () => registrationReactor(svc);
  const conflictOf = (eventId: string) => reactionConflict(svc, eventId);

  it("ends the refunded line's registration as returned_for_refund, naming the RMA and line", async () => {
    const kept = await sold();
    const unit = await sold();
    const { rmaId } = await refunded([kept, unit], 'line-2');
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
    expect(events[1].data).toMatchObject({ reason: 'returned_for_refund' });
    expect(String(events[1].data.notes)).toContain(rmaId);
    expect(String(events[1].data.notes)).toContain('line-2');
    expect(events[1].metadata.tenants).toEqual({
      manufacturer: 'acme-appliances',
      retailer: 'acme-retail',
    });
    expect((await eventsOf(kept.productId)).map((e) => e.type)).toEqual(['ProductRegistered']);
  });

  it("ends a credited line's registration the same way: store credit buys the unit back too", async () => {
    const unit = await sold();
    const { rmaId, refund: credit } = await refunded([unit], 'line-1', 'CreditIssued');
    await waitUntil(cancelled(unit.productId), { describe: () => unit.productId });
    const events = await eventsOf(unit.productId);
    expect(events[1].data).toMatchObject({ reason: 'returned_for_refund' });
    expect(String(events[1].data.notes)).toMatch(new RegExp(`^Credited through RMA .*${rmaId}`));
    await reactor().handle(credit);
    expect(await eventsOf(unit.productId)).toHaveLength(2);
    expect(await conflictOf(credit.id)).toBeUndefined();
  });

  it('writes nothing when the same RefundIssued is delivered again', async () => {
    const unit = await sold();
    const { refund } = await refunded([unit], 'line-1');
    await waitUntil(cancelled(unit.productId));
    await reactor().handle(refund);
    await reactor().handle(refund);
    expect(await eventsOf(unit.productId)).toHaveLength(2);
    expect(await conflictOf(refund.id)).toBeUndefined();
  });

  it("records nothing for the RMA's other events, which Kafka hands on too", async () => {
    const unit = await sold();
    const { authorization } = await refunded([unit], 'line-1');
    await waitUntil(cancelled(unit.productId));
    await reactor().handle(authorization);
    expect(await conflictOf(authorization.id)).toBeUndefined();
  });

  it('finds the unit by its serial when the line has no productId', async () => {
    const unit = await sold();
    await refunded([{ serialNumber: unit.serialNumber, productId: null }], 'line-1');
    await waitUntil(cancelled(unit.productId), { describe: () => unit.productId });
  });

  it('records a unit already cancelled, or unknown, as a conflict, writes nothing and carries on', async () => {
    const unit = await sold();
    await svc
      .http()
      .post(`/v1/products/${encodeURIComponent(unit.productId)}/cancellation`)
      .set(auth(retailer))
      .send({ reason: 'registered_in_error' })
      .expect(200);
    const { refund: again } = await refunded([unit], 'line-1');
    const { refund: unknown } = await refunded(
      [{ serialNumber: `NEVER-SOLD-${feed}`, productId: null }],
      'line-1',
    );
    const later = await sold();
    await refunded([later], 'line-1');
    await waitUntil(cancelled(later.productId));
    await waitUntil(async () => !!(await conflictOf(again.id)) && !!(await conflictOf(unknown.id)));
    expect(await conflictOf(again.id)).toMatchObject({ code: 'registration-cancelled' });
    expect(await conflictOf(unknown.id)).toMatchObject({ code: expect.any(String) });
    const events = await eventsOf(unit.productId);
    expect(events.map((e) => e.type)).toEqual(['ProductRegistered', 'RegistrationCancelled']);
    expect(events[1].data).toMatchObject({ reason: 'registered_in_error' });
    expect(await eventsOf(`acme-appliances~NEVER-SOLD-${feed.toUpperCase()}`)).toEqual([]);
  });
});
