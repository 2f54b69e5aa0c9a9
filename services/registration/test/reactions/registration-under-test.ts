import { EVENT_STORE, type EventStore, StreamNotFoundError } from '@warranty/event-store';
import { type FeedKind, STANDARD_PLAN, unitRegistration } from '@warranty/testing';
import { startServiceUnderTest, type ServiceUnderTest } from '@warranty/testing/service-app';
import { ExchangeReplacementsReactor } from '../../src/reactions/exchange-replacements.reactor';
import { RegistrationModule } from '../../src/registration.module';

export const auth = (key: string) => ({ Authorization: `Bearer ${key}` });

/** The registration service on a feed, with acme-appliances' standard plan: what its reaction specs start from. */
export async function startRegistration(feed: FeedKind) {
  const svc: ServiceUnderTest = await startServiceUnderTest(() => [RegistrationModule], { feed });
  const maker = await svc.keyFor('acme-appliances', 'manufacturer');
  const retailer = await svc.keyFor('acme-retail', 'retailer');
  await svc.http().post('/v1/warranty-plans').set(auth(maker)).send(STANDARD_PLAN).expect(201);
  return { svc, store: svc.app.get<EventStore>(EVENT_STORE), maker, retailer };
}

/** A unit the retailer sold and registered, as the API answered it. */
export async function soldUnit(svc: ServiceUnderTest, retailer: string, serialNumber: string) {
  const { body } = await svc
    .http()
    .post('/v1/products')
    .set(auth(retailer))
    .send(unitRegistration(serialNumber))
    .expect(201);
  return body as { productId: string; serialNumber: string; coverage: { end: string } };
}

/** A product stream's events; none when it was never written. */
export const productEvents = (store: EventStore, productId: string) =>
  store
    .readStream(`product-${productId}`)
    .catch((e) => (e instanceof StreamNotFoundError ? [] : Promise.reject(e)));

/** A waitUntil condition: the unit's registration was cancelled. */
export const registrationCancelled = (store: EventStore, productId: string) => async () =>
  (await productEvents(store, productId)).some((e) => e.type === 'RegistrationCancelled');

/** The reaction the exchange, refund and claim buy-back specs drive, and its recorded conflicts. */
export const registrationReactor = (svc: ServiceUnderTest) =>
  svc.app.get(ExchangeReplacementsReactor);

export const reactionConflict = async (svc: ServiceUnderTest, eventId: string) =>
  (await registrationReactor(svc).book.conflicts()).find((c) => c.eventId === eventId);
