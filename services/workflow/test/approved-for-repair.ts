import { claimFiling, STANDARD_PLAN, unitRegistration } from '@warranty/testing';
import type { ServiceUnderTest } from '@warranty/testing/service-app';

const auth = (key: string) => ({ Authorization: `Bearer ${key}` });

/**
 * A unit sold on the standard plan, a claim on it, reviewed and approved for a repair; its id.
 * `beforeApproval` runs once the claim is reviewed.
 */
export async function approvedForRepair(
  svc: ServiceUnderTest,
  keys: { maker: string; retailer: string },
  serialNumber: string,
  beforeApproval: () => Promise<unknown> = async () => undefined,
): Promise<string> {
  const { maker, retailer } = keys;
  // The first claim of a suite defines the plan; the later ones find it there (409).
  const plan = await svc.http().post('/v1/warranty-plans').set(auth(maker)).send(STANDARD_PLAN);
  expect([201, 409]).toContain(plan.status);
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
  await beforeApproval();
  await svc
    .http()
    .post(`/v1/claims/${filed.claimId}/approval`)
    .set(auth(maker))
    .send({ resolution: 'repair' })
    .expect(200);
  return filed.claimId as string;
}

/**
 * A claim approved for a repair on a unit the manufacturer already took back by hand (an exchange
 * RMA): returns refuses the workflow's warranty return with 409 `unit-on-open-rma`, a refusal the
 * workflow parks. Cancelling that RMA is the fix.
 */
export async function approvedOnOpenRma(
  svc: ServiceUnderTest,
  keys: { maker: string; retailer: string },
  serialNumber: string,
): Promise<{ claimId: string; openRmaId: string }> {
  let openRmaId = '';
  const claimId = await approvedForRepair(svc, keys, serialNumber, async () => {
    const { body } = await svc
      .http()
      .post('/v1/rmas')
      .set(auth(keys.maker))
      .send({
        type: 'exchange',
        manufacturerId: 'acme-appliances',
        lines: [{ serialNumber }],
        shipTo: { locationId: 'leeds', name: 'Acme returns depot', address: '1 Dock Road, Leeds' },
        shippingLabel: { carrier: 'DHL', trackingNumber: `LBL-${serialNumber}` },
      })
      .expect(201);
    openRmaId = body.rmaId;
  });
  return { claimId, openRmaId };
}
