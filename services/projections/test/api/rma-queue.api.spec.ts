import { feedsUnderTest, kafkaSkipReason } from '@warranty/testing';
import { EVENT_STORE, type EventStore } from '@warranty/event-store';
import { startServiceUnderTest, type ServiceUnderTest } from '@warranty/testing/service-app';
import type { ClaimEvent } from '@warranty/contracts/claims';
import type { RmaAuthorized, RmaEvent } from '@warranty/contracts/returns';
import { ProjectionsApiModule } from '../../src/api/projections-api.module';
import { claimEvents, claimFiled, newClaim, storedClaimEvent } from '../claim-events';
import { newRma, rmaAuthorized, rmaEvents, storedRmaEvent, type TestRma } from '../rma-events';

describe.each(feedsUnderTest())('RMA queue and the case’s RMA over HTTP (%s feed)', (feed) => {
  let svc: ServiceUnderTest;
  let store: EventStore;
  const keys: Record<string, string> = {};
  const auth = (who: string) => ({ Authorization: `Bearer ${keys[who]}` });

  const SHOP = 'shop-north';
  const OTHER_SHOP = 'shop-south';
  const MAKER = 'acme-appliances';
  const OTHER_MAKER = 'globex';

  const append = async (rma: TestRma, ...events: RmaEvent[]) =>
    (
      await store.append(
        rma.stream,
        events.map((e) => storedRmaEvent(e, rma)),
        'any',
      )
    ).position.toString();
  const authorize = async (
    parties: { manufacturerId: string; retailerId: string | null },
    overrides: Partial<RmaAuthorized['data']> & { serials?: string[] } = {},
    ...later: Array<(e: ReturnType<typeof rmaEvents>) => RmaEvent>
  ) => {
    const rma = newRma(parties);
    const e = rmaEvents(rma);
    const position = await append(rma, rmaAuthorized(rma, overrides), ...later.map((f) => f(e)));
    return { ...rma, position };
  };

  // The seeded RMAs; the service's clock says 2026-06-15 (UTC).
  let r1: TestRma; // MAKER / SHOP, authorized, return by 06-10: overdue, SN-Q1
  let r2: TestRma; // MAKER / OTHER_SHOP, exchange, in transit, return by 06-20
  let r3: TestRma; // MAKER / SHOP, received, return by 06-05: not overdue (it arrived)
  let r4: TestRma; // OTHER_MAKER / SHOP, refund return, in transit, return by 06-01: overdue
  let r5: TestRma; // MAKER / no retailer, advance exchange, return by 06-30
  let seeded: string;

  beforeAll(async () => {
    svc = await startServiceUnderTest((url) => [ProjectionsApiModule.forRoot(url)], { feed });
    store = svc.app.get<EventStore>(EVENT_STORE);
    keys.shop = await svc.keyFor(SHOP, 'retailer');
    keys.otherShop = await svc.keyFor(OTHER_SHOP, 'retailer');
    keys.maker = await svc.keyFor(MAKER, 'manufacturer');
    keys.otherMaker = await svc.keyFor(OTHER_MAKER, 'manufacturer');
    keys.auditor = await svc.keyFor('audit-co', 'auditor');
    keys.admin = await svc.keyFor('ops', 'admin');
    keys.depot = await svc.keyFor('fix-it-depot', 'service_center');

    const maker = { manufacturerId: MAKER, retailerId: SHOP };
    r1 = await authorize(maker, {
      serials: ['SN-Q1'],
      returnBy: '2026-06-10',
      at: '2026-06-01T09:00:00.000Z',
    });
    r2 = await authorize(
      { manufacturerId: MAKER, retailerId: OTHER_SHOP },
      { type: 'exchange', returnBy: '2026-06-20', at: '2026-06-02T09:00:00.000Z' },
      (e) => e.shipped('2026-06-03T09:00:00.000Z'),
    );
    r3 = await authorize(
      maker,
      { returnBy: '2026-06-05', at: '2026-06-03T09:00:00.000Z' },
      (e) => e.shipped('2026-06-04T09:00:00.000Z'),
      (e) => e.received('2026-06-05T09:00:00.000Z'),
    );
    r4 = await authorize(
      { manufacturerId: OTHER_MAKER, retailerId: SHOP },
      { type: 'refund_return', returnBy: '2026-06-01', at: '2026-06-04T09:00:00.000Z' },
      (e) => e.shipped('2026-06-05T09:00:00.000Z'),
    );
    const last = await authorize(
      { manufacturerId: MAKER, retailerId: null },
      {
        type: 'advance_exchange',
        serials: ['SN-A1', 'SN-A2'],
        returnBy: '2026-06-30',
        at: '2026-06-05T09:00:00.000Z',
      },
    );
    r5 = last;
    seeded = last.position;
  });
  afterAll(() => svc?.close());

  const list = (who: string, query: Record<string, string | number | boolean> = {}) =>
    svc
      .http()
      .get('/v1/rma-queue')
      .query({ minPosition: seeded, ...query })
      .set(auth(who));
  const ids = async (who: string, query: Record<string, string | number | boolean> = {}) => {
    const res = await list(who, query).expect(200);
    return res.body.items.map((item: { rmaId: string }) => item.rmaId);
  };
  const all = () => [r1, r2, r3, r4, r5].map((r) => r.rmaId);

  it('lists every RMA for auditors and admins, oldest authorized first, or newest with sort', async () => {
    expect(await ids('auditor')).toEqual(all());
    expect(await ids('admin')).toEqual(all());
    expect(await ids('auditor', { sort: 'newest' })).toEqual(all().reverse());
    const res = await list('auditor', { serialNumber: 'sn-a2' }).expect(200);
    expect(res.body).toEqual({
      items: [
        {
          rmaId: r5.rmaId,
          rmaNumber: expect.stringMatching(/^RMA-2026-\d{6}$/),
          type: 'advance_exchange',
          state: 'authorized',
          manufacturerId: MAKER,
          retailerId: null,
          claimId: null,
          linesCount: 2,
          serialNumbers: ['SN-A1', 'SN-A2'],
          returnBy: '2026-06-30',
          overdue: false,
          carrier: null,
          trackingNumber: null,
          authorizedAt: '2026-06-05T09:00:00.000Z',
          lastEventAt: '2026-06-05T09:00:00.000Z',
          revision: 0,
        },
      ],
      nextCursor: null,
    });
  });

  it('filters by state, type, retailer, serial and overdue by the clock', async () => {
    expect(await ids('auditor', { state: 'in_transit' })).toEqual([r2.rmaId, r4.rmaId]);
    expect(await ids('auditor', { type: 'exchange' })).toEqual([r2.rmaId]);
    expect(await ids('auditor', { retailerId: SHOP })).toEqual([r1.rmaId, r3.rmaId, r4.rmaId]);
    expect(await ids('auditor', { serialNumber: ' sn-q1 ' })).toEqual([r1.rmaId]);
    expect(await ids('auditor', { overdue: true })).toEqual([r1.rmaId, r4.rmaId]);
    expect(await ids('auditor', { overdue: false })).toEqual([r2.rmaId, r3.rmaId, r5.rmaId]);
    expect(await ids('auditor', { overdue: true, state: 'in_transit' })).toEqual([r4.rmaId]);
    const first = await list('auditor', { overdue: true }).expect(200);
    expect(first.body.items[0]).toMatchObject({ rmaId: r1.rmaId, overdue: true });

    // The return-by day is the last day: overdue only from the day after, by the service's clock.
    const before = svc.clock.now();
    try {
      svc.clock.set('2026-06-20T23:59:59.000Z');
      expect(await ids('auditor', { overdue: true })).toEqual([r1.rmaId, r4.rmaId]);
      svc.clock.set('2026-06-21T00:00:00.000Z');
      expect(await ids('auditor', { overdue: true })).toEqual([r1.rmaId, r2.rmaId, r4.rmaId]);
      svc.clock.set('2026-07-01T00:00:00.000Z');
      expect(await ids('auditor', { overdue: true })).toEqual([
        r1.rmaId,
        r2.rmaId,
        r4.rmaId,
        r5.rmaId,
      ]);
    } finally {
      svc.clock.set(before);
    }
  });

  it('shows a manufacturer the RMAs on its products, a retailer those for units it sold', async () => {
    expect(await ids('maker')).toEqual([r1.rmaId, r2.rmaId, r3.rmaId, r5.rmaId]);
    expect(await ids('maker', { retailerId: OTHER_SHOP })).toEqual([r2.rmaId]);
    expect(await ids('maker', { manufacturerId: OTHER_MAKER })).toEqual([]);
    expect(await ids('otherMaker')).toEqual([r4.rmaId]);
    expect(await ids('shop')).toEqual([r1.rmaId, r3.rmaId, r4.rmaId]);
    expect(await ids('shop', { manufacturerId: MAKER })).toEqual([r1.rmaId, r3.rmaId]);
    expect(await ids('shop', { retailerId: OTHER_SHOP })).toEqual([]);
    expect(await ids('otherShop')).toEqual([r2.rmaId]);
    // A service center holds no RMA: its queue is empty, as if they did not exist.
    expect(
      await list('depot')
        .expect(200)
        .then((res) => res.body),
    ).toEqual({
      items: [],
      nextCursor: null,
    });
    await svc.http().get('/v1/rma-queue').expect(401);
  });

  it('pages with a cursor in a stable order, ties broken by RMA id, either way', async () => {
    const parties = { manufacturerId: 'maker-paged', retailerId: 'shop-paged' };
    const made: string[] = [];
    let position = '0';
    for (const at of [
      '2026-05-01T10:00:00.000Z',
      '2026-05-02T10:00:00.000Z',
      '2026-05-02T10:00:00.000Z',
      '2026-05-02T10:00:00.000Z',
      '2026-05-03T10:00:00.000Z',
    ]) {
      const rma = await authorize(parties, { at });
      made.push(rma.rmaId);
      position = rma.position;
    }
    keys.paged = await svc.keyFor('maker-paged', 'manufacturer');
    const oldest = await ids('paged', { minPosition: position });
    expect(oldest[0]).toBe(made[0]);
    expect(oldest.slice(1, 4)).toEqual([made[1], made[2], made[3]].sort());
    expect(oldest[4]).toBe(made[4]);

    for (const [sort, expected] of [
      ['oldest', oldest],
      ['newest', [...oldest].reverse()],
    ] as const) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const res = await list('paged', { sort, limit: 2, ...(cursor ? { cursor } : {}) }).expect(
          200,
        );
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...res.body.items.map((i: { rmaId: string }) => i.rmaId));
        cursor = res.body.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual(expected);
    }

    // A cursor keeps its order: one from the oldest-first queue is refused for newest first.
    const first = await list('paged', { limit: 2 }).expect(200);
    const res = await list('paged', { sort: 'newest', cursor: first.body.nextCursor }).expect(400);
    expect(res.body.errors).toEqual([
      { field: 'cursor', message: 'cursor is not one this list returned' },
    ]);
    // An RMA authorized since does not shift the pages after one already handed out.
    await authorize(parties, { at: '2026-04-01T10:00:00.000Z' });
    const second = await list('paged', { limit: 2, cursor: first.body.nextCursor }).expect(200);
    expect(second.body.items.map((i: { rmaId: string }) => i.rmaId)).toEqual(oldest.slice(2, 4));
  });

  it('reads its own write with minPosition', async () => {
    const rma = newRma({ manufacturerId: MAKER, retailerId: SHOP });
    const position = await append(rma, rmaAuthorized(rma, { serials: ['SN-FRESH'] }));
    const res = await list('maker', { minPosition: position, serialNumber: 'SN-FRESH' }).expect(
      200,
    );
    expect(res.body.items.map((i: { rmaId: string }) => i.rmaId)).toEqual([rma.rmaId]);
    expect(res.headers['x-read-model-stale']).toBeUndefined();
  });

  it('refuses bad filters with field errors', async () => {
    const res = await list('auditor', {
      state: 'lost',
      type: 'swap',
      overdue: 'yes',
      sort: 'sideways',
      limit: 0,
      retailerId: 'Not A Tenant',
      extra: 'x',
    }).expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 400, type: '/problems/validation' });
    expect([...new Set(res.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual([
      'extra',
      'limit',
      'overdue',
      'retailerId',
      'sort',
      'state',
      'type',
    ]);
    const fields = async (query: Record<string, string | number>) =>
      (await list('auditor', query).expect(400)).body.errors?.map(
        (e: { field: string }) => e.field,
      );
    expect(await fields({ limit: 201 })).toEqual(['limit']);
    expect(await fields({ serialNumber: 'no spaces allowed' })).toEqual(['serialNumber']);
    expect(await fields({ serialNumber: 'straße' })).toEqual(['serialNumber']);
    expect(await fields({ cursor: 'not-a-cursor!' })).toEqual(['cursor']);
    expect(await fields({ cursor: 'bm9wZQ' })).toEqual(['cursor']);
    // Even where the answer is empty anyway.
    expect((await list('depot', { cursor: 'bm9wZQ' }).expect(400)).body.errors).toEqual([
      { field: 'cursor', message: 'cursor is not one this list returned' },
    ]);
    expect((await list('auditor', { minPosition: 'soon' }).expect(400)).body).toMatchObject({
      type: '/problems/invalid-min-position',
    });
  });

  describe('the case of a claim with an RMA', () => {
    it('shows the RMA number, its state and holder in plain words, and the time of each step', async () => {
      const parties = { retailerId: SHOP, manufacturerId: MAKER };
      const claim = newClaim(parties);
      const c = claimEvents(claim);
      const appendClaim = async (...events: ClaimEvent[]) =>
        (
          await store.append(
            claim.stream,
            events.map((e) => storedClaimEvent(e, claim)),
            'any',
          )
        ).position.toString();
      const rma = newRma(parties);
      const e = rmaEvents(rma);
      const getCase = async (position: string, who = 'shop') =>
        (
          await svc
            .http()
            .get(`/v1/cases/${claim.claimId}`)
            .query({ minPosition: position })
            .set(auth(who))
            .expect(200)
        ).body;

      let position = await appendClaim(
        claimFiled(claim, { filedAt: '2026-06-01T08:00:00.000Z' }),
        c.reviewStarted('2026-06-01T08:30:00.000Z'),
        c.approved('2026-06-01T08:45:00.000Z', { resolution: 'replace' }),
      );
      expect(await getCase(position)).toMatchObject({ state: 'approved', rma: null });

      const authorized = rmaAuthorized(rma, {
        claimId: claim.claimId,
        rmaNumber: 'RMA-2026-000123',
        returnBy: '2026-06-20',
      });
      position = await append(rma, authorized);
      const view = await getCase(position);
      // The claim's own fields stay as they were.
      expect(view).toMatchObject({
        claimId: claim.claimId,
        state: 'approved',
        heldBy: { party: 'manufacturer', tenantId: MAKER },
        milestones: [{ name: 'filed' }, { name: 'review_started' }, { name: 'approved' }],
      });
      expect(view.rma).toEqual({
        rmaId: rma.rmaId,
        rmaNumber: 'RMA-2026-000123',
        type: 'warranty_return',
        state: 'authorized',
        stateInWords:
          'Return authorized: RMA-2026-000123, waiting for the unit to be shipped by 2026-06-20',
        heldBy: {
          party: 'retailer',
          tenantId: SHOP,
          inWords: "The retailer or its customer, who ships the unit with the RMA's label",
        },
        returnBy: '2026-06-20',
        carrier: null,
        trackingNumber: null,
        steps: [{ state: 'authorized', label: 'Return authorized', at: authorized.data.at }],
        revision: 0,
      });

      position = await appendClaim(c.fulfilmentStarted('2026-06-01T09:05:00.000Z', rma.rmaId));
      position = await append(rma, e.shipped('2026-06-02T09:00:00.000Z'));
      expect((await getCase(position)).rma).toMatchObject({
        state: 'in_transit',
        stateInWords: 'RMA-2026-000123: on the way to the manufacturer with DHL (tracking JD0001)',
        heldBy: { party: 'carrier', tenantId: null, inWords: 'The carrier DHL' },
      });

      position = await append(rma, e.received('2026-06-04T09:00:00.000Z'));
      expect((await getCase(position, 'maker')).rma).toMatchObject({
        state: 'received',
        stateInWords: 'Unit received, waiting for inspection (RMA-2026-000123)',
        heldBy: { party: 'manufacturer', tenantId: MAKER, inWords: "The manufacturer's RMA desk" },
      });

      position = await append(rma, e.inspected('2026-06-05T09:00:00.000Z'));
      expect((await getCase(position)).rma).toMatchObject({
        state: 'inspected',
        heldBy: { party: 'manufacturer' },
      });
      position = await append(rma, e.exchangeShipped('2026-06-06T09:00:00.000Z'));
      expect((await getCase(position)).rma).toMatchObject({
        state: 'exchanged',
        stateInWords: 'Replacement shipped, waiting for the manufacturer to close RMA-2026-000123',
        heldBy: { party: 'manufacturer' },
      });
      position = await append(rma, e.closed('2026-06-07T09:00:00.000Z'));
      const closed = await getCase(position, 'auditor');
      expect(closed.state).toBe('in_fulfilment');
      expect(closed.rmaId).toBe(rma.rmaId);
      expect(closed.rma).toMatchObject({
        state: 'closed',
        stateInWords: 'RMA RMA-2026-000123 closed',
        heldBy: { party: 'nobody', tenantId: null },
        carrier: 'DHL',
        trackingNumber: 'JD0001',
        revision: 5,
        steps: [
          { state: 'authorized', label: 'Return authorized', at: '2026-06-01T09:00:00.000Z' },
          { state: 'in_transit', label: 'Shipped back', at: '2026-06-02T09:00:00.000Z' },
          { state: 'received', label: 'Received', at: '2026-06-04T09:00:00.000Z' },
          { state: 'inspected', label: 'Inspected', at: '2026-06-05T09:00:00.000Z' },
          { state: 'exchanged', label: 'Replacement shipped', at: '2026-06-06T09:00:00.000Z' },
          { state: 'closed', label: 'Closed', at: '2026-06-07T09:00:00.000Z' },
        ],
      });
      // The case's access rule is unchanged: another tenant gets a 404.
      await svc
        .http()
        .get(`/v1/cases/${claim.claimId}`)
        .query({ minPosition: position })
        .set(auth('otherShop'))
        .expect(404);
    });

    it('counts the units in while a multi-unit return is partly received', async () => {
      const parties = { retailerId: SHOP, manufacturerId: MAKER };
      const claim = newClaim(parties);
      await store.append(claim.stream, [storedClaimEvent(claimFiled(claim), claim)], 'any');
      const rma = newRma(parties);
      const e = rmaEvents(rma);
      const position = await append(
        rma,
        rmaAuthorized(rma, {
          claimId: claim.claimId,
          rmaNumber: 'RMA-2026-000777',
          serials: ['SN-1', 'SN-2', 'SN-3'],
        }),
        e.shipped('2026-06-02T09:00:00.000Z'),
        e.received('2026-06-03T09:00:00.000Z', 'line-2', 'SN-2'),
      );
      const res = await svc
        .http()
        .get(`/v1/cases/${claim.claimId}`)
        .query({ minPosition: position })
        .set(auth('maker'))
        .expect(200);
      expect(res.body.rma.stateInWords).toBe(
        'RMA-2026-000777: on the way to the manufacturer with DHL (tracking JD0001); 1 of 3 units received',
      );
    });
  });
});

if (kafkaSkipReason()) {
  it.skip(`RMA queue on the Kafka feed: ${kafkaSkipReason()}`, () => undefined);
}
