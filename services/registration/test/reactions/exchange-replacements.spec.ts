import { randomUUID } from 'node:crypto';
import type { EventStore } from '@warranty/event-store';
import { rmaEvents, rmaStream } from '@warranty/contracts/returns';
import { feedsUnderTest, waitUntil } from '@warranty/testing';
import type { ServiceUnderTest } from '@warranty/testing/service-app';
import { ExchangeReplacementsReactor } from '../../src/reactions/exchange-replacements.reactor';
import { auth, productEvents, soldUnit, startRegistration } from './registration-under-test';

describe.each(feedsUnderTest())('Exchange replacements registered on the %s feed', (feed) => {
  let svc: ServiceUnderTest;
  let store: EventStore;
  let maker: string;
  let retailer: string;
  let admin: string;
  let serial = 0;

  beforeAll(async () => {
    ({ svc, store, maker, retailer } = await startRegistration(feed));
    admin = await svc.keyFor('platform-ops', 'admin');
  });
  afterAll(() => svc?.close());

  const sold = () => soldUnit(svc, retailer, `EX-${feed}-${++serial}`);

  /** ExchangeShipped as returns writes it, appended straight to its RMA stream. */
  async function exchangeShipped(
    original: { productId: string; serialNumber: string },
    replacement: string,
  ) {
    const rmaId = randomUUID();
    await store.append(
      rmaStream(rmaId),
      [
        {
          type: 'ExchangeShipped',
          data: {
            rmaId,
            lineId: 'line-1',
            manufacturerId: 'acme-appliances',
            retailerId: 'acme-retail',
            originalSerialNumber: original.serialNumber,
            originalProductId: original.productId,
            replacementSerialNumber: replacement,
            carrier: 'UPS',
            trackingNumber: 'T-1',
            advance: false,
            by: 'acme-appliances',
            at: svc.clock.now().toISOString(),
          },
          metadata: {
            schemaVersion: rmaEvents.schemaVersion('ExchangeShipped'),
            tenants: { manufacturer: 'acme-appliances', retailer: 'acme-retail' },
            correlationId: `rma-${rmaId}`,
          },
        },
      ],
      'no_stream',
    );
    return (await store.readStream(rmaStream(rmaId)))[0];
  }

  const eventsOf = (productId: string) => productEvents(store, productId);
  const registered = (productId: string) => async () => (await eventsOf(productId)).length > 0;
  const reactor = () => svc.app.get(ExchangeReplacementsReactor);

  it("registers the replacement for the same parties with the original's plan and end date", async () => {
    const original = await sold();
    const replacement = `REP-${feed.toUpperCase()}-${++serial}`;
    await exchangeShipped(original, replacement.toLowerCase());
    const productId = `acme-appliances~${replacement}`;
    await waitUntil(registered(productId), { describe: () => productId });
    const { body } = await svc
      .http()
      .get(`/v1/products/${encodeURIComponent(productId)}`)
      .set(auth(retailer))
      .expect(200);
    expect(body).toMatchObject({
      serialNumber: replacement,
      retailerId: 'acme-retail',
      owner: { customerId: 'cust-1' },
      plan: { code: 'STD-24' },
      coverage: { end: original.coverage.end },
      replacesProductId: original.productId,
    });
    const [event] = await eventsOf(productId);
    expect(event.metadata.schemaVersion).toBe(2);
  });

  it('registers once when the same ExchangeShipped is delivered again', async () => {
    const original = await sold();
    const replacement = `REP-${feed.toUpperCase()}-${++serial}`;
    const shipped = await exchangeShipped(original, replacement);
    const productId = `acme-appliances~${replacement}`;
    await waitUntil(registered(productId));
    await reactor().handle(shipped);
    await reactor().handle(shipped);
    expect(await eventsOf(productId)).toHaveLength(1);
    expect(await eventsOf(original.productId)).toHaveLength(2);
    expect((await reactor().book.conflicts()).map((c) => c.eventId)).not.toContain(shipped.id);
  });

  it('records a replacement serial that is already registered as a conflict and carries on', async () => {
    const original = await sold();
    const taken = await sold();
    const refused = await exchangeShipped(original, taken.serialNumber);
    const later = await sold();
    const replacement = `REP-${feed.toUpperCase()}-${++serial}`;
    await exchangeShipped(later, replacement);
    await waitUntil(registered(`acme-appliances~${replacement}`));
    await waitUntil(async () =>
      (await reactor().book.conflicts()).some((c) => c.eventId === refused.id),
    );
    expect((await reactor().book.conflicts()).find((c) => c.eventId === refused.id)).toMatchObject({
      code: 'replacement-already-registered',
    });
    const takenEvents = await eventsOf(taken.productId);
    expect(takenEvents.map((e) => e.type)).toEqual(['ProductRegistered']);
    expect(takenEvents[0].data.replacesProductId).toBeNull();
    expect((await eventsOf(original.productId)).map((e) => e.type)).toEqual(['ProductRegistered']);
  });

  it('records a replacement whose registration was cancelled as a conflict of its own, and leaves the original covered', async () => {
    const original = await sold();
    const refunded = await sold();
    await svc
      .http()
      .post(`/v1/products/${encodeURIComponent(refunded.productId)}/cancellation`)
      .set(auth(retailer))
      .send({ reason: 'returned_for_refund' })
      .expect(200);
    const refused = await exchangeShipped(original, refunded.serialNumber);
    await waitUntil(async () =>
      (await reactor().book.conflicts()).some((c) => c.eventId === refused.id),
    );
    expect((await reactor().book.conflicts()).find((c) => c.eventId === refused.id)).toMatchObject({
      code: 'replacement-registration-cancelled',
    });
    expect((await eventsOf(refunded.productId)).map((e) => e.type)).toEqual([
      'ProductRegistered',
      'RegistrationCancelled',
    ]);
    expect((await eventsOf(original.productId)).map((e) => e.type)).toEqual(['ProductRegistered']);
  });

  it('shows each refusal to operators, newest first, and to no tenant', async () => {
    const original = await sold();
    const taken = await sold();
    const refused = await exchangeShipped(original, taken.serialNumber);
    const listed = () =>
      svc.http().get('/v1/admin/registration/reaction-conflicts').set(auth(admin));
    await waitUntil(async () =>
      (await listed()).body.conflicts?.some((c: { eventId: string }) => c.eventId === refused.id),
    );
    const { body } = await listed().expect(200);
    expect(body.conflicts[0]).toEqual({
      eventId: refused.id,
      streamId: refused.streamId,
      position: refused.position.toString(),
      code: 'replacement-already-registered',
      reason: expect.stringContaining(taken.productId),
      recordedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
    });
    for (const key of [maker, retailer])
      await svc.http().get('/v1/admin/registration/reaction-conflicts').set(auth(key)).expect(403);
  });

  it("ends the original's registration in the same reaction: it names its replacement and is no longer covered", async () => {
    const original = await sold();
    const replacement = `REP-${feed.toUpperCase()}-${++serial}`;
    await exchangeShipped(original, replacement);
    const productId = `acme-appliances~${replacement}`;
    await waitUntil(registered(productId));
    const { body } = await svc
      .http()
      .get(`/v1/products/${encodeURIComponent(original.productId)}`)
      .set(auth(retailer))
      .expect(200);
    expect(body).toMatchObject({
      status: 'cancelled',
      cancelled: { reason: 'replaced', replacedByProductId: productId },
    });
    const ended = await eventsOf(original.productId);
    expect(ended.map((e) => e.type)).toEqual(['ProductRegistered', 'RegistrationCancelled']);
    expect(ended[1].metadata.tenants).toEqual({
      manufacturer: 'acme-appliances',
      retailer: 'acme-retail',
    });
  });

  it('registers no second replacement for a unit already replaced: the second exchange is a conflict', async () => {
    const original = await sold();
    const first = `REP-${feed.toUpperCase()}-${++serial}`;
    const second = `REP-${feed.toUpperCase()}-${++serial}`;
    await exchangeShipped(original, first);
    // Two RMA streams: on Kafka, two partitions, read in either order. The first is handled first.
    await waitUntil(registered(`acme-appliances~${first}`));
    const refused = await exchangeShipped(original, second);
    await waitUntil(async () =>
      (await reactor().book.conflicts()).some((c) => c.eventId === refused.id),
    );
    expect((await reactor().book.conflicts()).find((c) => c.eventId === refused.id)).toMatchObject({
      code: 'original-already-replaced',
    });
    expect(await eventsOf(`acme-appliances~${first}`)).toHaveLength(1);
    expect(await eventsOf(`acme-appliances~${second}`)).toEqual([]);
    expect((await eventsOf(original.productId)).map((e) => e.type)).toEqual([
      'ProductRegistered',
      'RegistrationCancelled',
    ]);
    await reactor().handle(refused);
    expect(await eventsOf(`acme-appliances~${second}`)).toEqual([]);
  });
});
