import type { ClaimEvent } from '@warranty/contracts/claims';
import type { RepairOrderEvent } from '@warranty/contracts/repairs';
import type { RmaEvent } from '@warranty/contracts/returns';
import {
  CASE_TIMELINE,
  CaseTimelineEntry,
  CaseTimelineProjection,
  CaseTimelineQuery,
  timelineWords,
} from '../src';
import {
  claimEvents,
  claimFiled,
  newClaim,
  storedClaimEvent,
  type TestClaim,
} from './claim-events';
import { startProjections, type ProjectionsHarness } from './projections-harness';
import {
  newRepair,
  repairEvents,
  repairOpened,
  storedRepairEvent,
  type TestRepair,
} from './repair-events';
import { newRma, rmaAuthorized, rmaEvents, storedRmaEvent, type TestRma } from './rma-events';

describe('case_timeline read model', () => {
  let harness: ProjectionsHarness;

  beforeAll(async () => {
    harness = await startProjections();
  });
  afterAll(async () => harness?.close());

  const parties = { manufacturerId: 'acme-appliances', retailerId: 'shop-north' };
  const claimWrite = (c: TestClaim, ...events: ClaimEvent[]) =>
    harness.append(c.stream, ...events.map((e) => storedClaimEvent(e, c)));
  const rmaWrite = (r: TestRma, ...events: RmaEvent[]) =>
    harness.append(r.stream, ...events.map((e) => storedRmaEvent(e, r)));
  const repairWrite = (r: TestRepair, ...events: RepairOrderEvent[]) =>
    harness.append(r.stream, ...events.map((e) => storedRepairEvent(e, r)));
  const timeline = async (claimId: string, head: bigint) => {
    expect(await harness.runner.waitFor(CASE_TIMELINE, head)).toBe(true);
    return (await harness.app.get(CaseTimelineQuery).page(claimId)).items;
  };

  /** A claim approved for a repair, its RMA and a repair opened on the RMA, appended interleaved. */
  async function interleavedCase() {
    const claim = newClaim(parties);
    const c = claimEvents(claim);
    const rma = newRma(parties);
    const r = rmaEvents(rma);
    const repair = newRepair({ ...parties, serviceCenterId: 'fixit-depot' });
    const e = repairEvents(repair);
    await claimWrite(claim, claimFiled(claim), c.reviewStarted('2026-06-01T09:00:00.000Z'));
    await claimWrite(claim, c.approved('2026-06-01T10:00:00.000Z', { resolution: 'repair' }));
    await rmaWrite(
      rma,
      rmaAuthorized(rma, {
        claimId: claim.claimId,
        rmaNumber: 'RMA-2026-000777',
        at: '2026-06-01T10:00:00.000Z',
      }),
    );
    await claimWrite(claim, c.fulfilmentStarted('2026-06-01T10:00:00.000Z', rma.rmaId));
    await rmaWrite(rma, r.shipped('2026-06-02T09:00:00.000Z'));
    await rmaWrite(rma, r.received('2026-06-03T09:00:00.000Z'));
    await rmaWrite(rma, r.inspected('2026-06-04T09:00:00.000Z', 'line-1', 'repair'));
    await repairWrite(
      repair,
      repairOpened(repair, { rmaId: rma.rmaId, at: '2026-06-04T10:00:00.000Z' }),
    );
    await repairWrite(repair, e.assigned('2026-06-04T11:00:00.000Z', 'tech-7'));
    await rmaWrite(rma, r.repaired('2026-06-04T12:00:00.000Z'));
    const head = await repairWrite(repair, e.diagnosed('2026-06-05T09:00:00.000Z'));
    return { claim, rma, repair, head };
  }

  it('lists the claim, its RMA and its repair in the order the log recorded them, in plain words', async () => {
    const { claim, rma, repair, head } = await interleavedCase();
    const items = await timeline(claim.claimId, head);
    expect(items.map((i) => `${i.source}:${i.type}:${i.revision}`)).toEqual([
      'claim:ClaimFiled:0',
      'claim:ClaimReviewStarted:1',
      'claim:ClaimApproved:2',
      'rma:RmaAuthorized:0',
      'claim:ClaimFulfilmentStarted:3',
      'rma:ReturnShipped:1',
      'rma:ReturnReceived:2',
      'rma:ReturnInspected:3',
      'repair:RepairOrderOpened:0',
      'repair:TechnicianAssigned:1',
      'rma:LineDispositionApplied:4',
      'repair:DiagnosisRecorded:2',
    ]);
    const positions = items.map((i) => BigInt(i.position));
    expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);
    expect(items[3]).toMatchObject({
      stream: rma.stream,
      subjectId: rma.rmaId,
      at: '2026-06-01T10:00:00.000Z',
      actorRole: 'manufacturer',
      description: 'RMA-2026-000777 authorized',
    });
    expect(items[2].description).toBe('Claim approved for a repair');
    expect(items[5].description).toBe(
      'RMA-2026-000777 shipped to the manufacturer with DHL (tracking JD0001)',
    );
    expect(items[8]).toMatchObject({
      subjectId: repair.repairOrderId,
      actorRole: 'service_center',
      description: `Repair ${repair.repairOrderId} opened at fixit-depot: No power`,
    });
    expect(items[9].description).toBe('Technician tech-7 assigned');
  });

  it('files a repair opened on an RMA under the claim once the RMA names it, whichever came first', async () => {
    const claim = newClaim(parties);
    const rma = newRma(parties);
    const repair = newRepair({ ...parties, serviceCenterId: 'fixit-depot' });
    const e = repairEvents(repair);
    await claimWrite(claim, claimFiled(claim));
    // On Kafka streams interleave: the repair may arrive before the RMA that links it to the claim.
    await repairWrite(repair, repairOpened(repair, { rmaId: rma.rmaId }));
    await repairWrite(repair, e.assigned('2026-06-04T11:00:00.000Z'));
    const before = await harness.append(
      claim.stream,
      storedClaimEvent(claimEvents(claim).reviewStarted('2026-06-01T09:00:00.000Z'), claim),
    );
    expect((await timeline(claim.claimId, before)).map((i) => i.source)).toEqual([
      'claim',
      'claim',
    ]);
    await rmaWrite(rma, rmaAuthorized(rma, { claimId: claim.claimId }));
    const head = await repairWrite(repair, e.diagnosed('2026-06-05T09:00:00.000Z'));
    expect((await timeline(claim.claimId, head)).map((i) => `${i.source}:${i.type}`)).toEqual([
      'claim:ClaimFiled',
      'repair:RepairOrderOpened',
      'repair:TechnicianAssigned',
      'claim:ClaimReviewStarted',
      'rma:RmaAuthorized',
      'repair:DiagnosisRecorded',
    ]);
  });

  it('pages with a cursor', async () => {
    const { claim, head } = await interleavedCase();
    expect(await harness.runner.waitFor(CASE_TIMELINE, head)).toBe(true);
    const query = harness.app.get(CaseTimelineQuery);
    const first = await query.page(claim.claimId, { limit: 5 });
    expect(first.items).toHaveLength(5);
    const second = await query.page(claim.claimId, { limit: 5, cursor: first.nextCursor! });
    const third = await query.page(claim.claimId, { limit: 5, cursor: second.nextCursor! });
    expect(third.nextCursor).toBeNull();
    const all = await query.page(claim.claimId);
    expect([...first.items, ...second.items, ...third.items]).toEqual(all.items);
    expect(all.items).toHaveLength(12);
  });

  it('writes the claim rows of a live batch in one statement, the rows handle() writes one by one', async () => {
    const projection = harness.app.get(CaseTimelineProjection);
    const handled = jest.spyOn(projection, 'handle');
    const claim = newClaim(parties);
    const c = claimEvents(claim);
    const head = await claimWrite(
      claim,
      claimFiled(claim),
      c.reviewStarted('2026-06-01T09:00:00.000Z'),
      c.approved('2026-06-01T10:00:00.000Z', { resolution: 'repair' }),
      c.fulfilmentStarted('2026-06-01T10:00:00.000Z', 'rma-batch'),
      c.resolved('2026-06-09T10:00:00.000Z'),
    );
    expect(await harness.runner.waitFor(CASE_TIMELINE, head)).toBe(true);
    expect(handled.mock.calls.filter(([event]) => event.streamId === claim.stream)).toEqual([]);
    handled.mockRestore();

    const rowsOf = 'SELECT * FROM case_timeline WHERE stream_id = $1 ORDER BY revision';
    const live = await harness.dataSource.query(rowsOf, [claim.stream]);
    const oneByOne = await harness.dataSource.transaction(async (manager) => {
      await manager.query(
        'CREATE TEMP TABLE case_timeline (LIKE public.case_timeline INCLUDING ALL) ON COMMIT DROP',
      );
      for (const event of await harness.store.readStream(claim.stream))
        await projection.handle(event, manager);
      return manager.query(rowsOf.replace('case_timeline', 'pg_temp.case_timeline'), [
        claim.stream,
      ]);
    });
    expect(live).toHaveLength(5);
    expect(live).toEqual(oneByOne);
  });

  it('changes nothing when the log is replayed from the start', async () => {
    const { head } = await interleavedCase();
    expect(await harness.runner.waitFor(CASE_TIMELINE, head)).toBe(true);
    const repository = harness.dataSource.getRepository(CaseTimelineEntry);
    const order = { streamId: 'ASC', revision: 'ASC' } as const;
    const before = await repository.find({ order });
    const links = await harness.dataSource.query(
      `SELECT * FROM case_timeline_links ORDER BY stream_id`,
    );
    expect(before.length).toBeGreaterThan(12);

    await harness.runner.stop();
    await harness.dataSource.query(
      `UPDATE projection_checkpoints SET position = NULL WHERE name = $1`,
      [CASE_TIMELINE],
    );
    await harness.runner.start();
    expect(await harness.runner.waitFor(CASE_TIMELINE, head)).toBe(true);
    expect(await repository.find({ order })).toEqual(before);
    expect(
      await harness.dataSource.query(`SELECT * FROM case_timeline_links ORDER BY stream_id`),
    ).toEqual(links);
  });

  it('still says something for an event type added after its wording', () => {
    const later = { type: 'RepairOrderPaused', data: {} } as unknown as Parameters<
      typeof timelineWords
    >[1];
    expect(timelineWords('repair', later, { label: 'ro-1' })).toBe('Repair order paused');
  });
});
