import { feedsUnderTest } from '@warranty/testing';
import { EVENT_STORE, type EventStore } from '@warranty/event-store';
import { startServiceUnderTest, type ServiceUnderTest } from '@warranty/testing/service-app';
import type { ClaimEvent } from '@warranty/contracts/claims';
import type { RepairOrderEvent } from '@warranty/contracts/repairs';
import type { RmaEvent } from '@warranty/contracts/returns';
import { ProjectionsApiModule } from '../../src/api/projections-api.module';
import { claimEvents, claimFiled, newClaim, storedClaimEvent } from '../claim-events';
import { newRepair, repairEvents, repairOpened, storedRepairEvent } from '../repair-events';
import { newRma, rmaAuthorized, rmaEvents, storedRmaEvent } from '../rma-events';

describe.each(feedsUnderTest())('The case chain and timeline over HTTP (%s feed)', (feed) => {
  let svc: ServiceUnderTest;
  let store: EventStore;
  const keys: Record<string, string> = {};
  const auth = (who: string) => ({ Authorization: `Bearer ${keys[who]}` });
  const SHOP = 'shop-north';
  const MAKER = 'acme-appliances';
  const DEPOT = 'fixit-depot';

  beforeAll(async () => {
    svc = await startServiceUnderTest((url) => [ProjectionsApiModule.forRoot(url)], { feed });
    store = svc.app.get<EventStore>(EVENT_STORE);
    keys.shop = await svc.keyFor(SHOP, 'retailer');
    keys.otherShop = await svc.keyFor('shop-south', 'retailer');
    keys.maker = await svc.keyFor(MAKER, 'manufacturer');
    keys.depot = await svc.keyFor(DEPOT, 'service_center');
    keys.otherDepot = await svc.keyFor('quickfix', 'service_center');
  });
  afterAll(() => svc?.close());

  const write = async (stream: string, events: Parameters<EventStore['append']>[1]) =>
    (await store.append(stream, events, 'any')).position.toString();

  it('shows the chain at each step and every event of the claim, its RMA and its repair, in order', async () => {
    const claim = newClaim({ retailerId: SHOP, manufacturerId: MAKER });
    const c = claimEvents(claim);
    const rma = newRma({ manufacturerId: MAKER, retailerId: SHOP });
    const r = rmaEvents(rma);
    const repair = newRepair({ manufacturerId: MAKER, retailerId: SHOP, serviceCenterId: DEPOT });
    const e = repairEvents(repair);
    const claimWrite = (...events: ClaimEvent[]) =>
      write(
        claim.stream,
        events.map((event) => storedClaimEvent(event, claim)),
      );
    const rmaWrite = (...events: RmaEvent[]) =>
      write(
        rma.stream,
        events.map((event) => storedRmaEvent(event, rma)),
      );
    const repairWrite = (...events: RepairOrderEvent[]) =>
      write(
        repair.stream,
        events.map((event) => storedRepairEvent(event, repair)),
      );
    const getCase = (who: string, minPosition: string) =>
      svc.http().get(`/v1/cases/${claim.claimId}`).query({ minPosition }).set(auth(who));
    const chain = async (minPosition: string) =>
      (await getCase('maker', minPosition).expect(200)).body.chain.map(
        (step: { text: string }) => step.text,
      );
    const timeline = (who: string, query: Record<string, string | number>) =>
      svc.http().get(`/v1/cases/${claim.claimId}/timeline`).query(query).set(auth(who));

    let position = await claimWrite(
      claimFiled(claim, { filedAt: '2026-11-19T08:00:00.000Z' }),
      c.reviewStarted('2026-11-19T09:00:00.000Z'),
    );
    expect(await chain(position)).toEqual(['Claim filed (2026-11-19 08:00 UTC)']);

    position = await claimWrite(c.approved('2026-11-20T10:02:00.000Z', { resolution: 'repair' }));
    const approved = 'Claim approved for a repair (2026-11-20 10:02 UTC)';
    expect(await chain(position)).toEqual([approved]);

    position = await rmaWrite(
      rmaAuthorized(rma, {
        claimId: claim.claimId,
        rmaNumber: 'RMA-2026-000001',
        at: '2026-11-20T10:02:00.000Z',
      }),
    );
    await claimWrite(c.fulfilmentStarted('2026-11-20T10:02:00.000Z', rma.rmaId));
    const authorized = 'RMA-2026-000001 authorized (2026-11-20 10:02 UTC)';
    expect(await chain(position)).toEqual([approved, authorized]);

    await rmaWrite(r.shipped('2026-11-21T09:00:00.000Z'));
    await rmaWrite(r.received('2026-11-22T09:00:00.000Z'));
    await rmaWrite(r.inspected('2026-11-22T10:00:00.000Z', 'line-1', 'repair'));
    // The service center sees nothing of the case before it holds a repair order for it.
    await timeline('depot', { minPosition: position }).expect(404);

    position = await repairWrite(
      repairOpened(repair, { rmaId: rma.rmaId, at: '2026-11-22T11:00:00.000Z' }),
    );
    const opened = `Repair ${repair.repairOrderId} opened at ${DEPOT} (2026-11-22 11:00 UTC)`;
    expect(await chain(position)).toEqual([approved, authorized, opened]);

    await repairWrite(
      e.assigned('2026-11-23T09:00:00.000Z'),
      e.diagnosed('2026-11-23T10:00:00.000Z'),
      e.completed('2026-11-24T09:00:00.000Z'),
      e.qaPassed('2026-11-24T10:00:00.000Z'),
    );
    await rmaWrite(r.repaired('2026-11-24T10:30:00.000Z'));
    await repairWrite(e.shipped('2026-11-25T09:00:00.000Z'));
    await rmaWrite(r.closed('2026-11-25T10:00:00.000Z'));
    const head = await claimWrite(
      c.resolved('2026-11-25T11:00:00.000Z', {
        outcome: 'repaired',
        rmaId: rma.rmaId,
        repairOrderId: repair.repairOrderId,
      }),
    );
    const body = (await getCase('maker', head).expect(200)).body;
    expect(body.chain).toEqual([
      { step: 'claim', text: approved, at: '2026-11-20T10:02:00.000Z' },
      { step: 'rma', text: authorized, at: '2026-11-20T10:02:00.000Z' },
      { step: 'repair', text: opened, at: '2026-11-22T11:00:00.000Z' },
      {
        step: 'outcome',
        text: 'Resolved: repaired (2026-11-25 11:00 UTC)',
        at: '2026-11-25T11:00:00.000Z',
      },
    ]);
    // The existing fields stay.
    expect(body).toMatchObject({ state: 'resolved', rmaId: rma.rmaId, outcome: 'repaired' });

    const all = (await timeline('maker', { minPosition: head }).expect(200)).body;
    expect(all.nextCursor).toBeNull();
    expect(all.items.map((i: { type: string }) => i.type)).toEqual([
      'ClaimFiled',
      'ClaimReviewStarted',
      'ClaimApproved',
      'RmaAuthorized',
      'ClaimFulfilmentStarted',
      'ReturnShipped',
      'ReturnReceived',
      'ReturnInspected',
      'RepairOrderOpened',
      'TechnicianAssigned',
      'DiagnosisRecorded',
      'RepairCompleted',
      'QualityCheckPassed',
      'LineDispositionApplied',
      'UnitShippedBack',
      'RmaClosed',
      'ClaimResolved',
    ]);
    expect(all.items[3]).toEqual({
      position: expect.stringMatching(/^\d+$/),
      at: '2026-11-20T10:02:00.000Z',
      source: 'rma',
      subjectId: rma.rmaId,
      stream: rma.stream,
      type: 'RmaAuthorized',
      revision: 0,
      actorRole: 'manufacturer',
      description: 'RMA-2026-000001 authorized',
    });
    expect(all.items[16].description).toBe('Claim resolved: the unit was repaired');

    // Pages of 7 give the same list.
    const pages: unknown[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: unknown[]; nextCursor: string | null } } = await timeline(
        'maker',
        cursor ? { limit: 7, cursor } : { limit: 7 },
      ).expect(200);
      pages.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(pages).toEqual(all.items);
    await timeline('maker', { cursor: 'bm90LWEtbnVtYmVy' }).expect(400);

    // Same access as the case: the retailer and the depot holding the order; others get 404.
    expect((await timeline('shop', {}).expect(200)).body.items).toHaveLength(17);
    expect((await timeline('depot', {}).expect(200)).body.items).toHaveLength(17);
    await timeline('otherShop', {}).expect(404);
    await timeline('otherDepot', {}).expect(404);
    await svc.http().get(`/v1/cases/${claim.claimId}/timeline`).expect(401);
    await svc.http().get(`/v1/cases/no-such-claim/timeline`).set(auth('maker')).expect(404);
  });

  it('says so in headers when the timeline cannot reach minPosition in time', async () => {
    // Positions pack a transaction id in their high bits, so far past the head is never reached here.
    const claim = newClaim({ retailerId: SHOP, manufacturerId: MAKER });
    const head = await write(claim.stream, [storedClaimEvent(claimFiled(claim), claim)]);
    await svc
      .http()
      .get(`/v1/cases/${claim.claimId}/timeline`)
      .query({ minPosition: head })
      .set(auth('maker'))
      .expect(200);
    const res = await svc
      .http()
      .get(`/v1/cases/${claim.claimId}/timeline`)
      .query({ minPosition: (BigInt(head) * 1000n).toString() })
      .set(auth('maker'))
      .expect(200);
    expect(res.headers['x-read-model-stale']).toBe('true');
    expect(res.body.items.map((i: { type: string }) => i.type)).toEqual(['ClaimFiled']);
  });
});
