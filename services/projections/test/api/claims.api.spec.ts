import { feedsUnderTest, kafkaSkipReason } from '@warranty/testing';
import { EVENT_STORE, type EventStore } from '@warranty/event-store';
import { startServiceUnderTest, type ServiceUnderTest } from '@warranty/testing/service-app';
import type { ClaimEvent, ClaimFiled } from '@warranty/contracts/claims';
import { ProjectionsApiModule } from '../../src/api/projections-api.module';
import {
  claimEvents,
  claimFiled,
  newClaim,
  storedClaimEvent,
  type ClaimParties,
  type TestClaim,
} from '../claim-events';
import { newRma, rmaAuthorized, storedRmaEvent } from '../rma-events';

describe.each(feedsUnderTest())('Claim list and case status over HTTP (%s feed)', (feed) => {
  let svc: ServiceUnderTest;
  let store: EventStore;
  const keys: Record<string, string> = {};
  const auth = (who: string) => ({ Authorization: `Bearer ${keys[who]}` });

  const SHOP = 'shop-north';
  const OTHER_SHOP = 'shop-south';
  const MAKER = 'acme-appliances';
  const OTHER_MAKER = 'globex';

  /** Appends straight to the event store, as the claims service would; returns the position. */
  const append = async (claim: TestClaim, ...events: ClaimEvent[]) =>
    (
      await store.append(
        claim.stream,
        events.map((e) => storedClaimEvent(e, claim)),
        'any',
      )
    ).position.toString();
  const fileClaim = async (
    parties: ClaimParties,
    overrides: Partial<ClaimFiled['data']> = {},
    ...later: Array<(e: ReturnType<typeof claimEvents>) => ClaimEvent>
  ) => {
    const claim = newClaim(parties);
    const e = claimEvents(claim);
    const position = await append(claim, claimFiled(claim, overrides), ...later.map((f) => f(e)));
    return { ...claim, position };
  };

  // The seeded claims, one per line: who, when, what.
  let a: TestClaim; // SHOP / MAKER, submitted, flagged, SN-A, 2026-03-01
  let b: TestClaim; // SHOP / MAKER, under_review, SN-B, 2026-03-02
  let c: TestClaim; // OTHER_SHOP / MAKER, approved, SN-A, 2026-03-03
  let d: TestClaim; // SHOP / OTHER_MAKER, rejected, SN-D, 2026-03-04
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

    a = await fileClaim(
      { retailerId: SHOP, manufacturerId: MAKER },
      { serialNumber: 'SN-A', filedAt: '2026-03-01T10:00:00.000Z', flags: ['many_claims_on_unit'] },
    );
    b = await fileClaim(
      { retailerId: SHOP, manufacturerId: MAKER },
      { serialNumber: 'SN-B', filedAt: '2026-03-02T10:00:00.000Z' },
      (e) => e.reviewStarted('2026-03-02T11:00:00.000Z'),
    );
    c = await fileClaim(
      { retailerId: OTHER_SHOP, manufacturerId: MAKER },
      { serialNumber: 'SN-A', filedAt: '2026-03-03T10:00:00.000Z' },
      (e) => e.reviewStarted('2026-03-03T11:00:00.000Z'),
      (e) => e.approved('2026-03-03T12:00:00.000Z'),
    );
    const last = await fileClaim(
      { retailerId: SHOP, manufacturerId: OTHER_MAKER },
      { serialNumber: 'SN-D', filedAt: '2026-03-04T10:00:00.000Z' },
      (e) => e.reviewStarted('2026-03-04T11:00:00.000Z'),
      (e) => e.rejected('2026-03-04T12:00:00.000Z'),
    );
    d = last;
    seeded = last.position;
  });
  afterAll(() => svc?.close());

  const list = (who: string, query: Record<string, string | number | boolean> = {}) =>
    svc
      .http()
      .get('/v1/claim-list')
      .query({ minPosition: seeded, ...query })
      .set(auth(who));
  const ids = async (who: string, query: Record<string, string | number | boolean> = {}) => {
    const res = await list(who, query).expect(200);
    return res.body.items.map((item: { claimId: string }) => item.claimId);
  };

  it('lists everything for an auditor and an admin, newest filed first', async () => {
    expect(await ids('auditor')).toEqual([d.claimId, c.claimId, b.claimId, a.claimId]);
    expect(await ids('admin')).toEqual([d.claimId, c.claimId, b.claimId, a.claimId]);
    const res = await list('auditor', { serialNumber: 'sn-d' }).expect(200);
    expect(res.body).toEqual({
      items: [
        expect.objectContaining({
          claimId: d.claimId,
          state: 'rejected',
          retailerId: SHOP,
          manufacturerId: OTHER_MAKER,
          serialNumber: 'SN-D',
          decision: 'rejected',
          rejectionReason: 'misuse',
          filedAt: '2026-03-04T10:00:00.000Z',
          decidedAt: '2026-03-04T12:00:00.000Z',
          revision: 2,
        }),
      ],
      nextCursor: null,
    });
  });

  it('filters by state, retailer, manufacturer, serial, filing dates and flags', async () => {
    expect(await ids('auditor', { state: 'under_review' })).toEqual([b.claimId]);
    expect(await ids('auditor', { retailerId: OTHER_SHOP })).toEqual([c.claimId]);
    expect(await ids('auditor', { manufacturerId: OTHER_MAKER })).toEqual([d.claimId]);
    expect(await ids('auditor', { serialNumber: ' sn-a ' })).toEqual([c.claimId, a.claimId]);
    expect(await ids('auditor', { filedFrom: '2026-03-02', filedTo: '2026-03-03' })).toEqual([
      c.claimId,
      b.claimId,
    ]);
    expect(await ids('auditor', { filedTo: '2026-03-01' })).toEqual([a.claimId]);
    expect(await ids('auditor', { flagged: 'true' })).toEqual([a.claimId]);
    expect(await ids('auditor', { flagged: 'false' })).toEqual([d.claimId, c.claimId, b.claimId]);
    expect(
      await ids('auditor', { manufacturerId: MAKER, retailerId: SHOP, state: 'submitted' }),
    ).toEqual([a.claimId]);
  });

  it('shows a retailer only its own claims and a manufacturer only its products’ claims', async () => {
    expect(await ids('shop')).toEqual([d.claimId, b.claimId, a.claimId]);
    expect(await ids('shop', { retailerId: SHOP, manufacturerId: MAKER })).toEqual([
      b.claimId,
      a.claimId,
    ]);
    expect(await ids('shop', { retailerId: OTHER_SHOP })).toEqual([]);
    expect(await ids('otherShop')).toEqual([c.claimId]);
    expect(await ids('maker')).toEqual([c.claimId, b.claimId, a.claimId]);
    expect(await ids('maker', { retailerId: OTHER_SHOP })).toEqual([c.claimId]);
    expect(await ids('maker', { manufacturerId: OTHER_MAKER })).toEqual([]);
    expect(await ids('otherMaker')).toEqual([d.claimId]);

    const res = await list('depot').expect(403);
    expect(res.body).toMatchObject({ status: 403, type: '/problems/forbidden-role' });
    await svc.http().get('/v1/claim-list').expect(401);
  });

  it('pages with a cursor in a stable order, ties broken by claim id', async () => {
    const parties = { retailerId: 'shop-paged', manufacturerId: 'maker-paged' };
    const filed: string[] = [];
    let position = '0';
    for (const filedAt of [
      '2026-05-01T10:00:00.000Z',
      '2026-05-02T10:00:00.000Z',
      '2026-05-02T10:00:00.000Z',
      '2026-05-02T10:00:00.000Z',
      '2026-05-03T10:00:00.000Z',
    ]) {
      const claim = await fileClaim(parties, { filedAt });
      filed.push(claim.claimId);
      position = claim.position;
    }
    keys.paged = await svc.keyFor('shop-paged', 'retailer');
    const all = await ids('paged', { minPosition: position });
    expect(all).toHaveLength(5);
    expect(all[0]).toBe(filed[4]);
    expect(all[4]).toBe(filed[0]);
    expect(all.slice(1, 4)).toEqual([filed[1], filed[2], filed[3]].sort().reverse());

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await list('paged', { limit: 2, ...(cursor ? { cursor } : {}) }).expect(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((i: { claimId: string }) => i.claimId));
      cursor = res.body.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(all);

    // A claim filed since does not shift the pages after one already handed out.
    const first = await list('paged', { limit: 2 }).expect(200);
    await fileClaim(parties, { filedAt: '2026-06-01T10:00:00.000Z' });
    const second = await list('paged', { limit: 2, cursor: first.body.nextCursor }).expect(200);
    expect(second.body.items.map((i: { claimId: string }) => i.claimId)).toEqual(all.slice(2, 4));
  });

  it('reads its own write with minPosition', async () => {
    const claim = newClaim({ retailerId: SHOP, manufacturerId: MAKER });
    const position = await append(
      claim,
      claimFiled(claim, { serialNumber: 'SN-FRESH', filedAt: '2026-06-01T10:00:00.000Z' }),
    );
    expect(await ids('shop', { minPosition: position, serialNumber: 'SN-FRESH' })).toEqual([
      claim.claimId,
    ]);
    const next = await append(claim, claimEvents(claim).reviewStarted('2026-06-01T11:00:00.000Z'));
    const res = await svc
      .http()
      .get(`/v1/cases/${claim.claimId}`)
      .query({ minPosition: next })
      .set(auth('shop'))
      .expect(200);
    expect(res.body).toMatchObject({ state: 'under_review', revision: 1 });
  });

  it('refuses bad filters with field errors', async () => {
    const res = await list('auditor', {
      state: 'lost',
      filedFrom: '2026-02-30',
      filedTo: '03/01/2026',
      flagged: 'yes',
      limit: 0,
      retailerId: 'Not A Tenant',
      extra: 'x',
    }).expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 400, type: '/problems/validation' });
    expect([...new Set(res.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual([
      'extra',
      'filedFrom',
      'filedTo',
      'flagged',
      'limit',
      'retailerId',
      'state',
    ]);
    expect(res.body.errors).toContainEqual({
      field: 'state',
      message: expect.stringContaining('under_review'),
    });

    const fields = async (query: Record<string, string | number>) =>
      (await list('auditor', query).expect(400)).body.errors?.map(
        (e: { field: string }) => e.field,
      );
    expect(await fields({ limit: 201 })).toEqual(['limit']);
    expect(await fields({ serialNumber: 'no spaces allowed' })).toEqual(['serialNumber']);
    expect(await fields({ filedFrom: '2026-03-05', filedTo: '2026-03-01' })).toEqual(['filedTo']);
    expect(await fields({ cursor: 'not-a-cursor!' })).toEqual(['cursor']);
    // Even where the answer is empty anyway.
    expect(
      (await list('shop', { retailerId: OTHER_SHOP, cursor: 'bm9wZQ' }).expect(400)).body.errors,
    ).toEqual([{ field: 'cursor', message: 'cursor is not one this list returned' }]);
    expect((await list('auditor', { minPosition: 'soon' }).expect(400)).body).toMatchObject({
      type: '/problems/invalid-min-position',
    });
  });

  it('searches within what the caller may see: a word or fragment in any case, or an RMA number', async () => {
    const mine = { retailerId: 'shop-search', manufacturerId: 'maker-search' };
    const theirs = { retailerId: 'shop-search-other', manufacturerId: 'maker-search' };
    const pump = await fileClaim(mine, {
      serialNumber: 'SRCH-1',
      customer: { name: 'Zoe Quinn', email: 'zoe.quinn@example.com' },
      defect: { category: 'drain pump', description: 'Water LEAKS from the 50%_drain pump' },
      filedAt: '2026-07-01T10:00:00.000Z',
    });
    const dryer = await fileClaim(mine, {
      serialNumber: 'SRCH-2',
      model: 'DR-77 Heatwave',
      defect: { category: 'drum', description: 'The drum squeaks' },
      filedAt: '2026-07-02T10:00:00.000Z',
    });
    const elsewhere = await fileClaim(theirs, {
      serialNumber: 'SRCH-3',
      defect: { category: 'drain pump', description: 'The pump leaks too' },
      filedAt: '2026-07-03T10:00:00.000Z',
    });
    const rma = newRma({ manufacturerId: 'maker-search', retailerId: 'shop-search' });
    const authorized = rmaAuthorized(rma, { claimId: dryer.claimId, serials: ['SRCH-2'] });
    const { position } = await store.append(
      rma.stream,
      [storedRmaEvent(authorized, rma)],
      'no_stream',
    );
    keys.searchShop = await svc.keyFor('shop-search', 'retailer');
    keys.searchMaker = await svc.keyFor('maker-search', 'manufacturer');
    const found = (who: string, q: string, query: Record<string, string> = {}) =>
      ids(who, { minPosition: position.toString(), q, ...query });

    expect(await found('searchMaker', 'leaks')).toEqual([elsewhere.claimId, pump.claimId]);
    expect(await found('searchShop', '  LEAKS ')).toEqual([pump.claimId]);
    expect(await found('searchShop', 'zoe.quinn@')).toEqual([pump.claimId]);
    expect(await found('searchShop', 'ZOE QUI')).toEqual([pump.claimId]);
    expect(await found('searchShop', 'heatwave')).toEqual([dryer.claimId]);
    expect(await found('searchShop', 'srch-')).toEqual([dryer.claimId, pump.claimId]);
    expect(await found('searchShop', pump.claimId.slice(0, 8))).toEqual([pump.claimId]);
    expect(await found('searchShop', authorized.data.rmaNumber.toLowerCase())).toEqual([
      dryer.claimId,
    ]);
    // % and _ are the term's own characters, not wildcards.
    expect(await found('searchShop', '50%_d')).toEqual([pump.claimId]);
    expect(await found('searchShop', '%%%')).toEqual([]);
    expect(await found('searchShop', 'drain pump', { state: 'submitted' })).toEqual([pump.claimId]);
    expect(await found('searchShop', 'drain pump', { state: 'approved' })).toEqual([]);
    expect(await found('otherShop', 'zoe.quinn')).toEqual([]);
    expect(await found('otherMaker', 'srch-')).toEqual([]);
    expect(await found('otherMaker', authorized.data.rmaNumber)).toEqual([]);

    const first = await list('searchMaker', {
      minPosition: position.toString(),
      q: 'drain pump',
      limit: 1,
    }).expect(200);
    expect(first.body.items.map((item: { claimId: string }) => item.claimId)).toEqual([
      elsewhere.claimId,
    ]);
    const second = await list('searchMaker', {
      q: 'drain pump',
      limit: 1,
      cursor: first.body.nextCursor,
    }).expect(200);
    expect(second.body).toEqual({
      items: [expect.objectContaining({ claimId: pump.claimId })],
      nextCursor: null,
    });
  });

  it('refuses a search shorter than 3 or longer than 100 characters', async () => {
    const errors = async (q: string) => (await list('auditor', { q }).expect(400)).body.errors;
    const message = 'q must be 3-100 characters besides surrounding blanks';
    expect(await errors('ab')).toEqual([{ field: 'q', message }]);
    expect(await errors('  ab  ')).toEqual([{ field: 'q', message }]);
    expect(await errors('x'.repeat(101))).toEqual([{ field: 'q', message }]);
  });

  describe('GET /v1/cases/:claimId', () => {
    const getCase = (who: string, claimId: string) =>
      svc.http().get(`/v1/cases/${claimId}`).query({ minPosition: seeded }).set(auth(who));

    it('shows the case to its retailer, its manufacturer, auditors and admins', async () => {
      for (const who of ['shop', 'maker', 'auditor', 'admin']) {
        const res = await getCase(who, b.claimId).expect(200);
        expect(res.body).toMatchObject({
          claimId: b.claimId,
          state: 'under_review',
          stateInWords: 'The manufacturer is reviewing the claim',
          nextStep: 'The manufacturer approves or rejects the claim, or asks for more information.',
          heldBy: { party: 'manufacturer', tenantId: MAKER },
          retailerId: SHOP,
          manufacturerId: MAKER,
          serialNumber: 'SN-B',
          coverage: { covered: true, summary: 'Covered by plan STD-24 until 2028-01-09' },
          milestones: [
            { name: 'filed', at: '2026-03-02T10:00:00.000Z' },
            { name: 'review_started', at: '2026-03-02T11:00:00.000Z' },
          ],
          rma: null,
          repair: null,
        });
      }
      const rejected = await getCase('shop', d.claimId).expect(200);
      expect(rejected.body).toMatchObject({
        state: 'rejected',
        heldBy: { party: 'retailer', tenantId: SHOP },
        nextStep: 'The retailer may appeal the decision once; otherwise the claim is closed.',
      });
    });

    it('answers 404 to other tenants, exactly as for a claim that does not exist', async () => {
      const missing = await getCase('shop', '00000000-0000-4000-8000-000000000000').expect(404);
      for (const who of ['otherShop', 'otherMaker', 'depot']) {
        const res = await getCase(who, b.claimId).expect(404);
        expect(res.body).toMatchObject({ status: 404, type: missing.body.type });
        expect(Object.keys(res.body).sort()).toEqual(Object.keys(missing.body).sort());
      }
      await getCase('otherShop', c.claimId).expect(200);
      await getCase('maker', d.claimId).expect(404);
      await getCase('otherMaker', d.claimId).expect(200);
      await svc.http().get(`/v1/cases/${b.claimId}`).expect(401);
      await getCase('shop', 'x'.repeat(300)).expect(404);
    });
  });
});

if (kafkaSkipReason()) {
  it.skip(`Claim list and case status on the Kafka feed: ${kafkaSkipReason()}`, () => undefined);
}
