import { EVENT_STORE, type EventStore } from '@warranty/event-store';
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
import { RegistrationModule } from '../../../registration/src/registration.module';
import { RepairsModule } from '../../../repairs/src/repairs.module';
import { ReturnsModule } from '../../../returns/src/returns.module';
import { FulfilmentPolicies } from '../../src/application/fulfilment-policies';
import { DEFAULT_POLICY } from '../../src/domain/fulfilment-policy';
import { FulfilmentReactor } from '../../src/reactions/fulfilment.reactor';
import { WorkflowModule } from '../../src/workflow.module';

const auth = (key: string) => ({ Authorization: `Bearer ${key}` });
const DAY = 86_400_000;
const POLICY = '/v1/workflow/policies/acme-appliances';
const DEPOT = {
  locationId: 'acme-leeds',
  name: 'Acme Leeds returns',
  address: '9 Mill Lane, Leeds',
};

// The reactions compare the feed's positions with the policy stream's: both feeds, then.
describe.each(feedsUnderTest())(
  'per-manufacturer fulfilment policy, through HTTP (%s feed)',
  (feed) => {
    let svc: ServiceUnderTest;
    let maker: string;
    let otherMaker: string;
    let retailer: string;
    let admin: string;
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
        ],
        { feed },
      );
      await svc.app.listen(0, '127.0.0.1');
      maker = await svc.keyFor('acme-appliances', 'manufacturer');
      otherMaker = await svc.keyFor('globex', 'manufacturer');
      retailer = await svc.keyFor('acme-retail', 'retailer');
      admin = await svc.keyFor('platform-ops', 'admin');
      await svc.http().post('/v1/warranty-plans').set(auth(maker)).send(STANDARD_PLAN).expect(201);
      for (const center of ['fixit-depot', 'wash-pros'])
        await svc
          .http()
          .put(`/v1/repair-rates/${center}`)
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
    const claimOf = async (claimId: string) =>
      (await svc.http().get(`/v1/claims/${claimId}`).set(auth(maker)).expect(200)).body;

    async function reviewedClaim() {
      const serialNumber = `POL-${++serial}`;
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
      await post(maker, `/v1/claims/${body.claimId}/review`);
      return { claimId: body.claimId as string, serialNumber };
    }

    async function untilHandled() {
      const written = await svc.lastWritten();
      await eventually(
        () => svc.app.get(FulfilmentReactor).caughtUpTo(written),
        (done) => done,
      );
    }

    it('answers the defaults until set, to its manufacturer, admins and auditors only', async () => {
      const { body, headers } = await svc.http().get(POLICY).set(auth(maker)).expect(200);
      expect(body).toEqual({
        manufacturerId: 'acme-appliances',
        returnsDepot: DEFAULT_POLICY.returnsDepot,
        returnCarrier: 'prepaid-label',
        serviceCenters: [{ category: '*', serviceCenterId: 'fixit-depot' }],
        appealWindowDays: 30,
        closeResolvedAfterDays: 14,
        revision: -1,
      });
      expect(headers.etag).toBe('"-1"');
      await svc.http().get(POLICY).set(auth(admin)).expect(200);
      await svc.http().get(POLICY).set(auth(otherMaker)).expect(404);
      await svc.http().get(POLICY).set(auth(retailer)).expect(403);
      await svc.http().get(POLICY).expect(401);
    });

    it('refuses bad input with field-level problems and writes nothing', async () => {
      const store = svc.app.get<EventStore>(EVENT_STORE);
      // Only policy streams count: timers and other services may append beside the test.
      const policyEvents = async () =>
        (
          await store.readAll({
            maxCount: 100_000,
            filter: { streamPrefixes: ['workflow-policy-'] },
          })
        ).length;
      const before = await policyEvents();
      const bad: Array<[object, string]> = [
        [{ appealWindowDays: 0 }, 'appealWindowDays'],
        [{ appealWindowDays: 'ten' }, 'appealWindowDays'],
        [{ serviceCenters: [] }, 'serviceCenters'],
        [{ serviceCenters: {} }, 'serviceCenters'],
        [
          { serviceCenters: [{ category: 'x', serviceCenterId: 'Not A Tenant' }] },
          'serviceCenters',
        ],
        [
          {
            serviceCenters: [
              { category: 'x', serviceCenterId: 'a-center' },
              { category: 'x', serviceCenterId: 'b-center' },
            ],
          },
          'serviceCenters[1].category',
        ],
        [{ returnsDepot: { locationId: 'x' } }, 'returnsDepot'],
        // Null is not "keep the value in force": it would be stored as the policy.
        [{ returnsDepot: null }, 'returnsDepot'],
        [{ returnCarrier: null }, 'returnCarrier'],
        [{ serviceCenters: null }, 'serviceCenters'],
        [{ appealWindowDays: null }, 'appealWindowDays'],
        [{ closeResolvedAfterDays: null, appealWindowDays: 30 }, 'closeResolvedAfterDays'],
        [{ surprise: true }, 'surprise'],
        [{}, 'body'],
      ];
      for (const [body, field] of bad) {
        const res = await svc.http().put(POLICY).set(auth(maker)).send(body);
        expect([res.status, body]).toEqual([400, body]);
        expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(JSON.stringify(res.body.errors)).toContain(field);
      }
      await svc
        .http()
        .put('/v1/workflow/policies/globex')
        .set(auth(maker))
        .send({ appealWindowDays: 5 })
        .expect(404);
      await svc.http().put(POLICY).set(auth(retailer)).send({ appealWindowDays: 5 }).expect(403);
      expect(await policyEvents()).toBe(before);
    });

    it('routes returns and repairs by the policy, and closes rejected claims after its window', async () => {
      const set = await svc
        .http()
        .put(POLICY)
        .set(auth(maker))
        .send({
          returnsDepot: DEPOT,
          serviceCenters: [
            { category: 'washing_machine', serviceCenterId: 'wash-pros' },
            { category: '*', serviceCenterId: 'fixit-depot' },
          ],
          appealWindowDays: 10,
        })
        .expect(200);
      expect(set.body).toMatchObject({
        appealWindowDays: 10,
        closeResolvedAfterDays: 14,
        revision: 0,
      });
      expect(set.headers.etag).toBe('"0"');
      await svc
        .http()
        .put(POLICY)
        .set(auth(maker))
        .set('If-Match', '"7"')
        .send({ appealWindowDays: 9 })
        .expect(412);

      const repaired = await reviewedClaim();
      await post(maker, `/v1/claims/${repaired.claimId}/approval`, { resolution: 'repair' });
      const claim = await eventually(
        () => claimOf(repaired.claimId),
        (c) => c.state === 'in_fulfilment',
      );
      const rmaId = claim.fulfilment.rmaId as string;
      const rma = await svc.http().get(`/v1/rmas/${rmaId}`).set(auth(maker)).expect(200);
      expect(rma.body.shipTo).toEqual(DEPOT);
      await post(retailer, `/v1/rmas/${rmaId}/shipment`, { carrier: 'DHL', trackingNumber: 'T-1' });
      await post(maker, `/v1/rmas/${rmaId}/receipt`, {
        lineId: 'line-1',
        serialNumber: repaired.serialNumber,
      });
      await post(maker, `/v1/rmas/${rmaId}/inspection`, {
        lineId: 'line-1',
        grade: 'C',
        finding: 'defect_confirmed',
        disposition: 'repair',
      });
      const opened = await eventually(
        async () =>
          (await svc.http().get(`/v1/cases/${repaired.claimId}`).set(auth(maker)).expect(200)).body,
        (c) => c.repair !== null,
      );
      expect(opened.repair).toMatchObject({ serviceCenterId: 'wash-pros' });

      // Rejected under a 10-day window; a later change to 60 days does not move its timer.
      const early = await reviewedClaim();
      await post(maker, `/v1/claims/${early.claimId}/rejection`, { reasonCode: 'misuse' });
      await untilHandled();
      await svc.http().put(POLICY).set(auth(maker)).send({ appealWindowDays: 60 }).expect(200);
      const late = await reviewedClaim();
      await post(maker, `/v1/claims/${late.claimId}/rejection`, { reasonCode: 'misuse' });
      await untilHandled();
      const timers = svc.app.get(FulfilmentReactor).timers;
      svc.clock.advance(9 * DAY);
      await timers.tick();
      expect((await claimOf(early.claimId)).state).toBe('rejected');
      svc.clock.advance(2 * DAY);
      await timers.tick();
      expect((await claimOf(early.claimId)).state).toBe('closed');
      expect((await claimOf(late.claimId)).state).toBe('rejected');
    });

    it('reads the version in force at a position of the log, not the latest', async () => {
      const first = await svc
        .http()
        .put('/v1/workflow/policies/globex')
        .set(auth(admin))
        .send({ appealWindowDays: 5 })
        .expect(200);
      const second = await svc
        .http()
        .put('/v1/workflow/policies/globex')
        .set(auth(admin))
        .set('If-Match', '"0"')
        .send({ appealWindowDays: 7 })
        .expect(200);
      const policies = svc.app.get(FulfilmentPolicies);
      const at = (position: string) => BigInt(position);
      expect(await policies.inForceBefore('globex', at(first.body.position))).toEqual(
        DEFAULT_POLICY,
      );
      expect(
        (await policies.inForceBefore('globex', at(second.body.position))).appealWindowDays,
      ).toBe(5);
      expect(
        (await policies.inForceBefore('globex', at(second.body.position) + 1n)).appealWindowDays,
      ).toBe(7);
      const read = await svc.http().get('/v1/workflow/policies/globex').set(auth(otherMaker));
      expect(read.body).toMatchObject({ appealWindowDays: 7, revision: 1 });
    });
  },
);

if (kafkaSkipReason()) {
  it.skip(`the fulfilment policy on the Kafka feed: ${kafkaSkipReason()}`, () => undefined);
}
