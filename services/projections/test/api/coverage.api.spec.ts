import {
  feedsUnderTest,
  kafkaSkipReason,
  STANDARD_PLAN,
  unitRegistration,
} from '@warranty/testing';
import { startServiceUnderTest, type ServiceUnderTest } from '@warranty/testing/service-app';
import { RegistrationModule } from '../../../registration/src/registration.module';
import { ProjectionsApiModule } from '../../src/api/projections-api.module';

describe.each(feedsUnderTest())(
  'Coverage and warranty plan queries over HTTP (%s feed)',
  (feed) => {
    let svc: ServiceUnderTest;
    let maker: string;
    let retailer: string;
    let otherRetailer: string;
    let otherMaker: string;
    const auth = (key: string) => ({ Authorization: `Bearer ${key}` });

    beforeAll(async () => {
      svc = await startServiceUnderTest(
        (url) => [RegistrationModule, ProjectionsApiModule.forRoot(url)],
        { feed },
      );
      maker = await svc.keyFor('acme-appliances', 'manufacturer');
      otherMaker = await svc.keyFor('globex', 'manufacturer');
      retailer = await svc.keyFor('acme-retail', 'retailer');
      otherRetailer = await svc.keyFor('bright-electronics', 'retailer');
      await svc.http().post('/v1/warranty-plans').set(auth(maker)).send(STANDARD_PLAN).expect(201);
    });
    afterAll(() => svc?.close());

    const registerUnit = (serialNumber: string) =>
      svc
        .http()
        .post('/v1/products')
        .set(auth(retailer))
        .send(unitRegistration(serialNumber, { purchaseDate: '2026-05-01' }))
        .expect(201);

    const coverage = (key: string, query: Record<string, string>) =>
      svc
        .http()
        .get('/v1/coverage')
        .query({ manufacturerId: 'acme-appliances', ...query })
        .set(auth(key));

    it('reads its own write with minPosition, straight after registering', async () => {
      const { body } = await registerUnit('cov-1');
      const res = await coverage(retailer, {
        serialNumber: ' cov-1 ',
        on: '2027-01-10',
        kind: 'labor',
        minPosition: body.position,
      }).expect(200);
      expect(res.body).toMatchObject({
        covered: true,
        reason: null,
        planCode: 'STD-24',
        endDate: '2028-04-30',
        productId: 'acme-appliances~COV-1',
      });
    });

    it('says why not: expired, kind not covered, voided, not registered', async () => {
      await registerUnit('cov-2');
      const { body: voided } = await svc
        .http()
        .post('/v1/products/acme-appliances~COV-2/void')
        .set(auth(maker))
        .send({ reason: 'tampering' })
        .expect(200);
      const { body: unit3 } = await registerUnit('cov-3');
      const minPosition = [voided.position, unit3.position].sort((a, b) =>
        BigInt(a) < BigInt(b) ? 1 : -1,
      )[0];
      expect(
        (await coverage(retailer, { serialNumber: 'COV-3', on: '2028-05-01', minPosition })).body
          .reason,
      ).toBe('expired');
      expect(
        (
          await coverage(retailer, {
            serialNumber: 'COV-3',
            on: '2027-01-01',
            kind: 'accidental_damage',
          })
        ).body.reason,
      ).toBe('kind_not_covered');
      expect(
        (await coverage(maker, { serialNumber: 'COV-2', on: '2027-01-01' })).body,
      ).toMatchObject({ covered: false, reason: 'voided' });
      expect(
        (await coverage(retailer, { serialNumber: 'NEVER-SOLD', on: '2027-01-01' })).body,
      ).toMatchObject({ covered: false, reason: 'not_registered', productId: null });
    });

    it('answers other tenants as if the unit were not registered', async () => {
      const { body } = await registerUnit('cov-4');
      for (const key of [otherRetailer, otherMaker]) {
        const res = await coverage(key, {
          serialNumber: 'COV-4',
          on: '2027-01-01',
          minPosition: body.position,
        }).expect(200);
        expect(res.body).toMatchObject({
          covered: false,
          reason: 'not_registered',
          productId: null,
          planCode: null,
        });
      }
    });

    it('answers a service center as if the unit were not registered, for it holds no repair order', async () => {
      const { body } = await registerUnit('cov-5');
      const depot = await svc.keyFor('fixit-depot', 'service_center');
      const res = await coverage(depot, {
        serialNumber: 'COV-5',
        on: '2027-01-01',
        minPosition: body.position,
      }).expect(200);
      expect(res.body).toMatchObject({
        covered: false,
        reason: 'not_registered',
        productId: null,
        planCode: null,
        endDate: null,
      });
      const auditor = await svc.keyFor('audit-partners', 'auditor');
      const audited = await coverage(auditor, {
        serialNumber: 'COV-5',
        on: '2027-01-01',
        minPosition: body.position,
      }).expect(200);
      expect(audited.body).toMatchObject({ covered: true, productId: 'acme-appliances~COV-5' });
    });

    it('refuses bad queries with field errors', async () => {
      const res = await coverage(retailer, {
        serialNumber: 'COV-1',
        on: '2027-13-01',
        kind: 'magic',
        extra: 'x',
      }).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'extra',
        'kind',
        'on',
      ]);
      await coverage(retailer, { serialNumber: 'COV-1', minPosition: 'abc' }).expect(400);
      await svc
        .http()
        .get('/v1/coverage')
        .query({ manufacturerId: 'acme-appliances', serialNumber: 'COV-1' })
        .expect(401);
    });

    it('lists warranty plans a page at a time with a cursor', async () => {
      let position = '0';
      for (const code of ['A-1', 'B-2', 'C-3']) {
        const { body } = await svc
          .http()
          .post('/v1/warranty-plans')
          .set(auth(otherMaker))
          .send({ code, name: code, months: 12, coverage: ['parts'], transferable: false })
          .expect(201);
        position = body.position;
      }
      const first = await svc
        .http()
        .get('/v1/plan-catalog')
        .query({ limit: 2, minPosition: position })
        .set(auth(otherMaker))
        .expect(200);
      expect(first.body.items.map((p: { code: string }) => p.code)).toEqual(['A-1', 'B-2']);
      const second = await svc
        .http()
        .get('/v1/plan-catalog')
        .query({ limit: 2, cursor: first.body.nextCursor })
        .set(auth(otherMaker))
        .expect(200);
      expect(second.body).toMatchObject({ items: [{ code: 'C-3' }], nextCursor: null });
      await svc
        .http()
        .get('/v1/plan-catalog')
        .query({ cursor: 'not-a-cursor!' })
        .set(auth(otherMaker))
        .expect(400);
      const forRetailer = await svc
        .http()
        .get('/v1/plan-catalog')
        .query({ manufacturerId: 'acme-appliances', minPosition: position })
        .set(auth(retailer))
        .expect(200);
      expect(forRetailer.body.items.map((p: { code: string }) => p.code)).toEqual(['STD-24']);
    });
  },
);

if (kafkaSkipReason()) {
  it.skip(`Coverage and warranty plan queries over HTTP on the Kafka feed: ${kafkaSkipReason()}`, () =>
    undefined);
}
