import { claimFiling, STANDARD_PLAN, unitRegistration } from '@warranty/testing';
import type { ServiceUnderTest } from '@warranty/testing/service-app';

const auth = (key: string) => ({ Authorization: `Bearer ${key}` });

/** A unit sold on the standard plan, a claim on it, reviewed and approved for a repair; its id. */
export async function approvedForRepair(
  svc: ServiceUnderTest,
  keys: { maker: string; retailer: string },
  serialNumber: string,
): Promise<string> {
  const { maker, retailer } = keys;
  await svc.http().post('/v1/warranty-plans').set(auth(maker)).send(STANDARD_PLAN).expect(201);
  await svc
    .http()
    .post('/v1/products')
    .set(auth(retailer))
    .send(unitRegistration(serialNumber))
    .expect(201);
  const { body: filed } = await svc
    .http()
    .post('/v1/claims')
    .set(auth(retailer))
    .send(claimFiling(serialNumber))
    .expect(201);
  await svc.http().post(`/v1/claims/${filed.claimId}/review`).set(auth(maker)).expect(200);
  await svc
    .http()
    .post(`/v1/claims/${filed.claimId}/approval`)
    .set(auth(maker))
    .send({ resolution: 'repair' })
    .expect(200);
  return filed.claimId as string;
}
