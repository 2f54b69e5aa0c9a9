import { feedsUnderTest, kafkaSkipReason } from '@warranty/testing';
import { EVENT_STORE, type EventStore } from '@warranty/event-store';
import { startServiceUnderTest, type ServiceUnderTest } from '@warranty/testing/service-app';
import type { ClaimEvent } from '@warranty/contracts/claims';
import type { RepairOrderEvent, RepairOrderOpened } from '@warranty/contracts/repairs';
import type { RmaEvent } from '@warranty/contracts/returns';
import { ProjectionsApiModule } from '../../src/api/projections-api.module';
import { claimEvents, claimFiled, newClaim, storedClaimEvent } from '../claim-events';
import { productRegistered, stored, unit } from '../registration-events';
import {
  newRepair,
  repairEvents,
  repairOpened,
  storedRepairEvent,
  type TestRepair,
} from '../repair-events';
import { newRma, rmaAuthorized, rmaEvents, storedRmaEvent } from '../rma-events';

describe.each(feedsUnderTest())(
  'Repair queue, service history and holders over HTTP (%s feed)',
  (feed) => {
    let svc: ServiceUnderTest;
    let store: EventStore;
    const keys: Record<string, string> = {};
    const auth = (who: string) => ({ Authorization: `Bearer ${keys[who]}` });

    const SHOP = 'shop-north';
    const OTHER_SHOP = 'shop-south';
    const MAKER = 'acme-appliances';
    const OTHER_MAKER = 'globex';
    const DEPOT = 'fixit-depot';
    const OTHER_DEPOT = 'quickfix';

    const write = async (stream: string, events: Parameters<EventStore['append']>[1]) =>
      (await store.append(stream, events, 'any')).position.toString();
    const open = async (
      parties: Omit<TestRepair, 'repairOrderId' | 'stream'>,
      overrides: Partial<RepairOrderOpened['data']> = {},
      ...later: Array<(e: ReturnType<typeof repairEvents>) => RepairOrderEvent>
    ) => {
      const repair = newRepair(parties);
      const e = repairEvents(repair);
      const events = [repairOpened(repair, overrides), ...later.map((f) => f(e))];
      const position = await write(
        repair.stream,
        events.map((event) => storedRepairEvent(event, repair)),
      );
      return { ...repair, position };
    };

    // The seeded queue; the service's clock says 2026-06-15 (UTC), so due on or after 06-15 is not overdue.
    let q1: TestRepair; // MAKER / SHOP at DEPOT, opened 05-20 (due 06-03): overdue, tech-7, SN-Q1
    let q2: TestRepair; // MAKER / OTHER_SHOP at OTHER_DEPOT, opened 05-25, shipped: not overdue
    let q3: TestRepair; // MAKER / SHOP at DEPOT, opened 06-05 (due 06-19), in repair, tech-9
    let q4: TestRepair; // OTHER_MAKER / SHOP at DEPOT, opened 06-06
    let seeded: string;

    beforeAll(async () => {
      svc = await startServiceUnderTest((url) => [ProjectionsApiModule.forRoot(url)], { feed });
      store = svc.app.get<EventStore>(EVENT_STORE);
      keys.shop = await svc.keyFor(SHOP, 'retailer');
      keys.otherShop = await svc.keyFor(OTHER_SHOP, 'retailer');
      keys.maker = await svc.keyFor(MAKER, 'manufacturer');
      keys.otherMaker = await svc.keyFor(OTHER_MAKER, 'manufacturer');
      keys.depot = await svc.keyFor(DEPOT, 'service_center');
      keys.otherDepot = await svc.keyFor(OTHER_DEPOT, 'service_center');
      keys.auditor = await svc.keyFor('audit-co', 'auditor');

      q1 = await open(
        { manufacturerId: MAKER, retailerId: SHOP, serviceCenterId: DEPOT },
        { serialNumber: 'SN-Q1', at: '2026-05-20T09:00:00.000Z' },
        (e) => e.assigned('2026-05-21T09:00:00.000Z', 'tech-7'),
      );
      q2 = await open(
        { manufacturerId: MAKER, retailerId: OTHER_SHOP, serviceCenterId: OTHER_DEPOT },
        { serialNumber: 'SN-Q2', at: '2026-05-25T09:00:00.000Z' },
        (e) => e.assigned('2026-05-26T09:00:00.000Z', 'tech-1'),
        (e) => e.diagnosed('2026-05-27T09:00:00.000Z'),
        (e) => e.completed('2026-05-28T09:00:00.000Z'),
        (e) => e.qaPassed('2026-05-29T09:00:00.000Z'),
        (e) => e.shipped('2026-05-30T09:00:00.000Z'),
      );
      q3 = await open(
        { manufacturerId: MAKER, retailerId: SHOP, serviceCenterId: DEPOT },
        { serialNumber: 'SN-Q3', at: '2026-06-05T09:00:00.000Z' },
        (e) => e.assigned('2026-06-05T10:00:00.000Z', 'tech-9'),
        (e) => e.diagnosed('2026-06-06T09:00:00.000Z'),
        (e) => e.workLogged('2026-06-07T09:00:00.000Z'),
      );
      const last = await open(
        { manufacturerId: OTHER_MAKER, retailerId: SHOP, serviceCenterId: DEPOT },
        { serialNumber: 'SN-Q4', at: '2026-06-06T09:00:00.000Z' },
      );
      q4 = last;
      seeded = last.position;
    });
    afterAll(() => svc?.close());

    const list = (who: string, query: Record<string, string | number | boolean> = {}) =>
      svc
        .http()
        .get('/v1/repair-queue')
        .query({ minPosition: seeded, ...query })
        .set(auth(who));
    const ids = async (who: string, query: Record<string, string | number | boolean> = {}) => {
      const res = await list(who, query).expect(200);
      return res.body.items.map((item: { repairOrderId: string }) => item.repairOrderId);
    };
    const seededIds = (...repairs: TestRepair[]) => repairs.map((r) => r.repairOrderId);
    const only = (items: string[]) => items.filter((id) => seededIds(q1, q2, q3, q4).includes(id));

    describe('the repair queue', () => {
      it('shows a service center its own orders, a manufacturer those on its products, a retailer those for units it sold', async () => {
        expect(only(await ids('auditor'))).toEqual(seededIds(q1, q2, q3, q4));
        expect(await ids('depot')).toEqual(seededIds(q1, q3, q4));
        expect(await ids('otherDepot')).toEqual(seededIds(q2));
        expect(await ids('depot', { serviceCenterId: OTHER_DEPOT })).toEqual([]);
        expect(await ids('maker')).toEqual(seededIds(q1, q2, q3));
        expect(await ids('maker', { serviceCenterId: DEPOT })).toEqual(seededIds(q1, q3));
        expect(await ids('otherMaker')).toEqual(seededIds(q4));
        expect(await ids('shop')).toEqual(seededIds(q1, q3, q4));
        expect(await ids('otherShop')).toEqual(seededIds(q2));
        expect(await ids('shop', { retailerId: OTHER_SHOP })).toEqual([]);
        await svc.http().get('/v1/repair-queue').expect(401);
      });

      it('filters by state, technician, serial and overdue by the clock', async () => {
        expect(await ids('maker', { state: 'shipped' })).toEqual(seededIds(q2));
        expect(await ids('maker', { state: 'in_repair' })).toEqual(seededIds(q3));
        expect(await ids('depot', { technicianId: 'tech-9' })).toEqual(seededIds(q3));
        expect(await ids('maker', { serialNumber: ' sn-q1 ' })).toEqual(seededIds(q1));
        expect(await ids('maker', { overdue: true })).toEqual(seededIds(q1));
        expect(await ids('maker', { overdue: false })).toEqual(seededIds(q2, q3));
        const res = await list('depot', { serialNumber: 'SN-Q1' }).expect(200);
        expect(res.body).toEqual({
          items: [
            {
              repairOrderId: q1.repairOrderId,
              state: 'assigned',
              manufacturerId: MAKER,
              retailerId: SHOP,
              serviceCenterId: DEPOT,
              technicianId: 'tech-7',
              claimId: null,
              rmaId: null,
              productId: `${MAKER}~SN-Q1`,
              serialNumber: 'SN-Q1',
              covered: true,
              reportedDefect: 'No power',
              qualityCheckFailures: 0,
              flagged: false,
              dueOn: '2026-06-03',
              overdue: true,
              openedAt: '2026-05-20T09:00:00.000Z',
              lastEventAt: '2026-05-21T09:00:00.000Z',
              revision: 1,
            },
          ],
          nextCursor: null,
        });
        // The due day is the last day: overdue only from the day after.
        const before = svc.clock.now();
        try {
          svc.clock.set('2026-06-19T23:59:59.000Z');
          expect(await ids('maker', { overdue: true })).toEqual(seededIds(q1));
          svc.clock.set('2026-06-20T00:00:00.000Z');
          expect(await ids('maker', { overdue: true })).toEqual(seededIds(q1, q3));
        } finally {
          svc.clock.set(before);
        }
      });

      it('pages with a cursor, oldest opened first, ties broken by order id', async () => {
        const parties = { manufacturerId: 'maker-paged', retailerId: null, serviceCenterId: DEPOT };
        const made: string[] = [];
        let position = '0';
        for (const at of [
          '2026-05-01T10:00:00.000Z',
          '2026-05-02T10:00:00.000Z',
          '2026-05-02T10:00:00.000Z',
          '2026-05-03T10:00:00.000Z',
        ]) {
          const repair = await open(parties, { at });
          made.push(repair.repairOrderId);
          position = repair.position;
        }
        keys.paged = await svc.keyFor('maker-paged', 'manufacturer');
        const all = await ids('paged', { minPosition: position });
        expect(all).toEqual([made[0], ...[made[1], made[2]].sort(), made[3]]);
        const seen: string[] = [];
        let cursor: string | undefined;
        do {
          const res = await list('paged', { limit: 3, ...(cursor ? { cursor } : {}) }).expect(200);
          seen.push(...res.body.items.map((i: { repairOrderId: string }) => i.repairOrderId));
          cursor = res.body.nextCursor ?? undefined;
        } while (cursor);
        expect(seen).toEqual(all);
      });

      it('refuses bad filters with field errors', async () => {
        const res = await list('maker', {
          state: 'lost',
          overdue: 'yes',
          limit: 0,
          serviceCenterId: 'Not A Tenant',
        }).expect(400);
        expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
        // Even where the answer is empty anyway.
        for (const who of ['maker', 'otherShop'])
          expect((await list(who, { cursor: 'bm9wZQ' }).expect(400)).body.errors).toEqual([
            { field: 'cursor', message: 'cursor is not one this list returned' },
          ]);
        expect([...new Set(res.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual(
          ['limit', 'overdue', 'serviceCenterId', 'state'],
        );
      });
    });

    describe('a unit through claim, RMA and repair', () => {
      it('shows the unit, its case and its history to a service center only once it holds a repair order', async () => {
        const serial = `SN-${feed.toUpperCase()}-H1`;
        const u = unit(MAKER, serial);
        await write(u.stream, [
          stored(
            productRegistered(u, { retailerId: SHOP, registeredAt: '2026-05-01T10:00:00.000Z' }),
            MAKER,
          ),
        ]);
        const claim = newClaim({ retailerId: SHOP, manufacturerId: MAKER });
        const c = claimEvents(claim);
        await write(
          claim.stream,
          [
            claimFiled(claim, {
              serialNumber: serial,
              productId: u.productId,
              defect: { category: 'electrical', description: 'No power' },
              filedAt: '2026-06-01T08:00:00.000Z',
            }),
            c.reviewStarted('2026-06-01T09:00:00.000Z'),
            c.approved('2026-06-01T10:00:00.000Z', { resolution: 'repair' }),
          ].map((e: ClaimEvent) => storedClaimEvent(e, claim)),
        );
        const rma = newRma({ manufacturerId: MAKER, retailerId: SHOP });
        const r = rmaEvents(rma);
        const rmaPosition = await write(
          rma.stream,
          [
            rmaAuthorized(rma, {
              claimId: claim.claimId,
              rmaNumber: 'RMA-2026-000042',
              serials: [serial],
              at: '2026-06-02T09:00:00.000Z',
            }),
            r.shipped('2026-06-03T09:00:00.000Z'),
            r.received('2026-06-04T09:00:00.000Z', 'line-1', serial),
            r.inspected('2026-06-05T09:00:00.000Z', 'line-1', 'repair'),
          ].map((e: RmaEvent) => storedRmaEvent(e, rma)),
        );

        const coverage = (who: string, minPosition: string) =>
          svc
            .http()
            .get('/v1/coverage')
            .query({ manufacturerId: MAKER, serialNumber: serial, on: '2026-06-10', minPosition })
            .set(auth(who))
            .expect(200);
        const getCase = (who: string, minPosition: string) =>
          svc.http().get(`/v1/cases/${claim.claimId}`).query({ minPosition }).set(auth(who));
        const history = (who: string, minPosition: string) =>
          svc
            .http()
            .get(`/v1/units/${u.productId}/service-history`)
            .query({ minPosition })
            .set(auth(who));

        // Before any repair order: the depot sees nothing, as if the unit did not exist.
        expect((await coverage('depot', rmaPosition)).body).toMatchObject({
          covered: false,
          reason: 'not_registered',
          productId: null,
        });
        await getCase('depot', rmaPosition).expect(404);
        await history('depot', rmaPosition).expect(404);
        expect((await getCase('maker', rmaPosition).expect(200)).body.repair).toBeNull();

        // The workflow opens the order on the RMA (not the claim): the case still finds it.
        const repair = newRepair({
          manufacturerId: MAKER,
          retailerId: SHOP,
          serviceCenterId: DEPOT,
        });
        const e = repairEvents(repair);
        const repairWrite = (...events: RepairOrderEvent[]) =>
          write(
            repair.stream,
            events.map((event) => storedRepairEvent(event, repair)),
          );
        let position = await repairWrite(
          repairOpened(repair, {
            rmaId: rma.rmaId,
            serialNumber: serial,
            productId: u.productId,
            at: '2026-06-06T09:00:00.000Z',
          }),
          e.assigned('2026-06-06T10:00:00.000Z', 'tech-7'),
          e.diagnosed('2026-06-07T09:00:00.000Z'),
        );
        expect((await coverage('depot', position)).body).toMatchObject({
          covered: true,
          productId: u.productId,
        });
        const depotCase = (await getCase('depot', position).expect(200)).body;
        expect(depotCase.repairOrderId).toBe(repair.repairOrderId);
        expect(depotCase.repair).toEqual({
          repairOrderId: repair.repairOrderId,
          state: 'diagnosed',
          stateInWords: `Diagnosed at ${DEPOT}: Worn drum bearing`,
          heldBy: {
            party: 'service_center',
            tenantId: DEPOT,
            technicianId: 'tech-7',
            inWords: `Service center ${DEPOT}, technician tech-7`,
          },
          serviceCenterId: DEPOT,
          technicianId: 'tech-7',
          covered: true,
          flagged: false,
          carrier: null,
          trackingNumber: null,
          steps: [
            {
              state: 'opened',
              label: `Repair opened at ${DEPOT}: No power`,
              at: '2026-06-06T09:00:00.000Z',
            },
            {
              state: 'assigned',
              label: 'Technician tech-7 assigned',
              at: '2026-06-06T10:00:00.000Z',
            },
            {
              state: 'diagnosed',
              label: 'Diagnosed: Worn drum bearing (fault E21)',
              at: '2026-06-07T09:00:00.000Z',
            },
          ],
          revision: 2,
        });
        // Another service center still gets nothing.
        await getCase('otherDepot', position).expect(404);
        await history('otherDepot', position).expect(404);
        expect((await coverage('otherDepot', position)).body.reason).toBe('not_registered');

        position = await repairWrite(
          e.completed('2026-06-08T09:00:00.000Z'),
          e.qaFailed('2026-06-08T10:00:00.000Z'),
          e.completed('2026-06-08T11:00:00.000Z'),
          e.qaPassed('2026-06-08T12:00:00.000Z'),
          e.shipped('2026-06-09T09:00:00.000Z'),
        );
        expect((await getCase('shop', position).expect(200)).body.repair).toMatchObject({
          state: 'shipped',
          stateInWords: `Shipped back by ${DEPOT} with UPS (tracking 1Z-BACK)`,
        });

        const expected = [
          '2026-06-01 Claim filed: electrical, No power (shop-north)',
          '2026-06-01 Claim review started',
          '2026-06-01 Claim approved for a repair',
          '2026-06-02 RMA-2026-000042 authorized',
          '2026-06-03 RMA-2026-000042 shipped to the manufacturer',
          '2026-06-04 RMA-2026-000042 received by the manufacturer',
          '2026-06-05 RMA-2026-000042 inspected',
          `2026-06-06 Repair opened at ${DEPOT}: No power`,
          '2026-06-06 Technician tech-7 assigned',
          '2026-06-07 Diagnosed: Worn drum bearing (fault E21)',
          '2026-06-08 Repair completed, in quality check',
          '2026-06-08 Repair under way',
          '2026-06-08 Quality check passed',
          '2026-06-09 Shipped back with UPS (tracking 1Z-BACK)',
        ];
        for (const who of ['depot', 'shop', 'maker', 'auditor']) {
          const res = await history(who, position).expect(200);
          expect(res.body).toMatchObject({
            productId: u.productId,
            manufacturerId: MAKER,
            serialNumber: serial,
            retailerId: SHOP,
          });
          expect(res.body.entries.map((entry: { text: string }) => entry.text)).toEqual(expected);
        }
        expect((await history('maker', position).expect(200)).body.entries[0]).toEqual({
          at: '2026-06-01T08:00:00.000Z',
          source: 'claim',
          id: claim.claimId,
          step: 'filed',
          text: expected[0],
        });
        for (const who of ['otherShop', 'otherMaker', 'otherDepot'])
          await history(who, position).expect(404);
        // A unit nobody knows answers the same 404 as another tenant's unit.
        const unknown = await svc
          .http()
          .get(`/v1/units/${MAKER}~SN-NOBODY/service-history`)
          .set(auth('auditor'))
          .expect(404);
        const hidden = await history('otherShop', position).expect(404);
        expect(Object.keys(hidden.body).sort()).toEqual(Object.keys(unknown.body).sort());
        expect(hidden.body.type).toBe(unknown.body.type);
      });
    });
  },
);

if (kafkaSkipReason()) {
  it.skip(`Repair views on the Kafka feed: ${kafkaSkipReason()}`, () => undefined);
}
