import { EVENT_STORE, type EventStore } from '@warranty/event-store';
import { rmaStream } from '@warranty/contracts/returns';
import { STANDARD_PLAN, unitRegistration, waitUntil } from '@warranty/testing';
import { startServiceUnderTest, type ServiceUnderTest } from '@warranty/testing/service-app';
import { RegistrationModule } from '../../../registration/src/registration.module';
import { ReturnsModule } from '../../src/returns.module';

/** Returns checks a replacement serial against registration's streams before ExchangeShipped. */
describe('Exchange replacements checked against registration', () => {
  let svc: ServiceUnderTest;
  let store: EventStore;
  let maker: string;
  let retailer: string;
  let otherRetailer: string;
  let serial = 0;
  const auth = (key: string) => ({ Authorization: `Bearer ${key}` });

  beforeAll(async () => {
    svc = await startServiceUnderTest(() => [
      RegistrationModule,
      ReturnsModule.withTimers({ poll: false }),
    ]);
    store = svc.app.get<EventStore>(EVENT_STORE);
    maker = await svc.keyFor('acme-appliances', 'manufacturer');
    retailer = await svc.keyFor('acme-retail', 'retailer');
    otherRetailer = await svc.keyFor('bright-electronics', 'retailer');
    await svc.http().post('/v1/warranty-plans').set(auth(maker)).send(STANDARD_PLAN).expect(201);
  });
  afterAll(() => svc?.close());

  const product = (serialNumber: string) => `/v1/products/acme-appliances~${serialNumber}`;
  const unitStatus = async (serialNumber: string, key = retailer) =>
    (await svc.http().get(product(serialNumber)).set(auth(key)).expect(200)).body.status;

  /** A unit a retailer sold and registered (acme-retail's customer Ada unless told otherwise). */
  async function sold(key = retailer, owner?: Record<string, string>): Promise<string> {
    const serialNumber = `XR-${++serial}`;
    await svc
      .http()
      .post('/v1/products')
      .set(auth(key))
      .send(unitRegistration(serialNumber, owner ? { owner } : {}))
      .expect(201);
    return serialNumber;
  }

  const step = (rmaId: string, action: string, body: Record<string, unknown>) =>
    svc.http().post(`/v1/rmas/${rmaId}/${action}`).set(auth(maker)).send(body);

  /** An exchange RMA whose lines arrived and were inspected for an exchange. */
  async function inspectedForExchange(...serialNumbers: string[]): Promise<string> {
    const { body } = await svc
      .http()
      .post('/v1/rmas')
      .set(auth(maker))
      .send({
        type: 'exchange',
        manufacturerId: 'acme-appliances',
        lines: serialNumbers.map((serialNumber) => ({ serialNumber })),
        shipTo: { locationId: 'leeds', name: 'Acme returns depot', address: '1 Dock Road' },
        shippingLabel: { carrier: 'DHL', trackingNumber: 'LBL-1' },
      })
      .expect(201);
    for (const [i, serialNumber] of serialNumbers.entries()) {
      const lineId = `line-${i + 1}`;
      await step(body.rmaId, 'receipt', { lineId, serialNumber }).expect(200);
      await step(body.rmaId, 'inspection', {
        lineId,
        grade: 'C',
        finding: 'defect_confirmed',
        disposition: 'exchange',
      }).expect(200);
    }
    return body.rmaId;
  }

  const shipReplacement = (rmaId: string, replacementSerialNumber: string, lineId = 'line-1') =>
    step(rmaId, 'exchange-shipment', {
      lineId,
      replacementSerialNumber,
      carrier: 'UPS',
      trackingNumber: '1Z-1',
    });

  const exchangesShipped = async (rmaId: string) =>
    (await store.readStream(rmaStream(rmaId))).filter((e) => e.type === 'ExchangeShipped').length;

  it("refuses another retailer's sold unit as the replacement with a 409 that names none of its sale", async () => {
    const original = await sold();
    const someoneElses = await sold(otherRetailer, {
      customerId: 'cust-grace',
      name: 'Grace Hopper',
      email: 'grace@example.com',
      country: 'US',
    });
    const rmaId = await inspectedForExchange(original);

    const refused = await shipReplacement(rmaId, someoneElses.toLowerCase()).expect(409);

    expect(refused.headers['content-type']).toMatch(/problem\+json/);
    expect(refused.body).toMatchObject({
      type: '/problems/replacement-registered',
      status: 409,
      serialNumber: someoneElses,
      lineId: 'line-1',
    });
    expect(refused.body.detail).toContain(someoneElses);
    expect(JSON.stringify(refused.body)).not.toMatch(/bright|grace|hopper|cust-|2026-01-10/i);
    expect(await exchangesShipped(rmaId)).toBe(0);
    expect(await unitStatus(original)).toBe('active');
    expect(await unitStatus(someoneElses, otherRetailer)).toBe('active');
    // The line waits for a replacement that is free.
    await shipReplacement(rmaId, `${original}-R`).expect(200);
    expect(await exchangesShipped(rmaId)).toBe(1);
  });

  it('refuses a unit whose warranty was voided: it is still registered to its customer', async () => {
    const original = await sold();
    const voided = await sold();
    await svc
      .http()
      .post(`${product(voided)}/void`)
      .set(auth(maker))
      .send({ reason: 'tampering' })
      .expect(200);
    const rmaId = await inspectedForExchange(original);
    await shipReplacement(rmaId, voided)
      .expect(409)
      .expect((r) => expect(r.body.type).toBe('/problems/replacement-registered'));
    expect(await exchangesShipped(rmaId)).toBe(0);
  });

  it('refuses a unit whose registration was cancelled (a refunded unit reused as stock) with a 409 naming why', async () => {
    const original = await sold();
    const refunded = await sold();
    await svc
      .http()
      .post(`${product(refunded)}/cancellation`)
      .set(auth(retailer))
      .send({ reason: 'returned_for_refund' })
      .expect(200);
    const rmaId = await inspectedForExchange(original);

    const refused = await shipReplacement(rmaId, refunded).expect(409);

    expect(refused.body).toMatchObject({
      type: '/problems/replacement-registration-cancelled',
      serialNumber: refunded,
      lineId: 'line-1',
      reason: 'returned_for_refund',
    });
    expect(refused.body.detail).toContain('bought back: refunded or credited');
    expect(await exchangesShipped(rmaId)).toBe(0);
    expect(await unitStatus(original)).toBe('active');
  });

  it("refuses a unit this RMA returns as a replacement with a 400: the line's own or another line's", async () => {
    const [first, second] = [await sold(), await sold()];
    const rmaId = await inspectedForExchange(first, second);
    for (const same of [first.toLowerCase(), second]) {
      const refused = await shipReplacement(rmaId, same).expect(400);
      expect(refused.body).toMatchObject({
        type: '/problems/replacement-is-returned-unit',
        errors: [{ field: 'replacementSerialNumber' }],
      });
    }
    expect(await exchangesShipped(rmaId)).toBe(0);
  });

  it('refuses a replacement already shipped on another line of the RMA with a 409 naming that line', async () => {
    const [first, second] = [await sold(), await sold()];
    const rmaId = await inspectedForExchange(first, second);
    const replacement = `${first}-R`;
    await shipReplacement(rmaId, replacement, 'line-1').expect(200);

    const refused = await shipReplacement(rmaId, replacement, 'line-2').expect(409);

    expect(refused.body).toMatchObject({
      type: '/problems/replacement-already-used',
      serialNumber: replacement,
      lineId: 'line-2',
      usedOnLineId: 'line-1',
    });
    expect(await exchangesShipped(rmaId)).toBe(1);
  });

  it("refuses a replacement another RMA shipped once registration registered it for that RMA's customer", async () => {
    const replacement = `XR-SHARED-${++serial}`;
    const first = await inspectedForExchange(await sold());
    await shipReplacement(first, replacement).expect(200);
    await waitUntil(
      async () => (await svc.http().get(product(replacement)).set(auth(retailer))).status === 200,
      {
        describe: () => replacement,
      },
    );

    const second = await inspectedForExchange(await sold());
    await shipReplacement(second, replacement)
      .expect(409)
      .expect((r) => expect(r.body.type).toBe('/problems/replacement-registered'));
    expect(await exchangesShipped(second)).toBe(0);
  });

  it('documents each refusal on the endpoint and in the problem catalog, for generated clients', async () => {
    const { body } = await svc.http().get('/openapi.json').expect(200);
    const { responses } = body.paths['/v1/rmas/{rmaId}/exchange-shipment'].post;
    expect(responses['400'].description).toContain('`replacement-is-returned-unit`');
    const conflicts = [
      'replacement-registered',
      'replacement-registration-cancelled',
      'replacement-already-used',
    ];
    for (const code of conflicts) {
      expect(responses['409'].description).toContain(`\`${code}\``);
      const page = await svc.http().get(`/problems/${code}`).expect(200);
      expect(page.text).toContain('Status 409');
    }
    const page = await svc.http().get('/problems/replacement-is-returned-unit').expect(200);
    expect(page.text).toContain('Status 400');
  });
});
