import {
  feedsUnderTest,
  kafkaSkipReason,
  STANDARD_PLAN,
  unitRegistration,
} from '@warranty/testing';
import { startServiceUnderTest, type ServiceUnderTest } from '@warranty/testing/service-app';
import { ClaimsModule } from '../../services/claims/src/claims.module';
import { ProjectionsApiModule } from '../../services/projections/src/api/projections-api.module';
import { RegistrationModule } from '../../services/registration/src/registration.module';

/** Across services: a registered unit, a claim on it, and what each party sees in the read models. */
describe.each(feedsUnderTest())(
  'a claim from filing to decision, as the read models show it (%s feed)',
  (feed) => {
    let svc: ServiceUnderTest;
    let maker: string;
    let retailer: string;
    const auth = (key: string) => ({ Authorization: `Bearer ${key}` });

    beforeAll(async () => {
      svc = await startServiceUnderTest(
        (url) => [RegistrationModule, ClaimsModule, ProjectionsApiModule.forRoot(url)],
        { feed },
      );
      maker = await svc.keyFor('acme-appliances', 'manufacturer');
      retailer = await svc.keyFor('acme-retail', 'retailer');
    });
    afterAll(() => svc?.close());

    it('lists the filed claim and describes the case in plain words at every step', async () => {
      await svc.http().post('/v1/warranty-plans').set(auth(maker)).send(STANDARD_PLAN).expect(201);
      await svc
        .http()
        .post('/v1/products')
        .set(auth(retailer))
        .send(unitRegistration('E2E-1'))
        .expect(201);
      const { body: filed } = await svc
        .http()
        .post('/v1/claims')
        .set(auth(retailer))
        .send({
          manufacturerId: 'acme-appliances',
          serialNumber: 'e2e-1',
          failureDate: '2026-06-01',
          defect: { category: 'electrical', description: 'No power' },
          evidence: [],
          customer: { name: 'Ada', email: 'ada@example.com' },
          requestedResolution: 'repair',
        })
        .expect(201);

      const list = await svc
        .http()
        .get('/v1/claim-list')
        .query({ state: 'submitted', minPosition: filed.position })
        .set(auth(maker))
        .expect(200);
      expect(list.body.items).toEqual([
        expect.objectContaining({
          claimId: filed.claimId,
          state: 'submitted',
          serialNumber: 'E2E-1',
        }),
      ]);
      const submitted = await svc
        .http()
        .get(`/v1/cases/${filed.claimId}`)
        .query({ minPosition: filed.position })
        .set(auth(retailer))
        .expect(200);
      expect(submitted.body).toMatchObject({
        state: 'submitted',
        heldBy: { party: 'manufacturer', tenantId: 'acme-appliances' },
      });

      await svc
        .http()
        .post(`/v1/claims/${filed.claimId}/review`)
        .set(auth(maker))
        .send({})
        .expect(200);
      const { body: approved } = await svc
        .http()
        .post(`/v1/claims/${filed.claimId}/approval`)
        .set(auth(maker))
        .send({ resolution: 'repair' })
        .expect(200);
      const caseNow = await svc
        .http()
        .get(`/v1/cases/${filed.claimId}`)
        .query({ minPosition: approved.position })
        .set(auth(retailer))
        .expect(200);
      expect(caseNow.body).toMatchObject({
        state: 'approved',
        stateInWords: expect.stringContaining('Approved'),
      });
      expect(caseNow.body.milestones.map((m: { name: string }) => m.name)).toEqual(
        expect.arrayContaining(['filed', 'review_started']),
      );
    });
  },
);

if (kafkaSkipReason()) {
  it.skip(`a claim from filing to decision, as the read models show it on the Kafka feed: ${kafkaSkipReason()}`, () =>
    undefined);
}
