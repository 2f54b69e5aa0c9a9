import { randomUUID } from 'node:crypto';
import {
  ProjectionRebuild,
  ProjectionRebuilds,
  RebuildRunningError,
  type RebuildProgress,
  RevisionGapError,
} from '@warranty/read-models';
import { type ClaimEvent, claimEvents as claimContract } from '@warranty/contracts/claims';
import {
  CaseQuery,
  CLAIM_STATUS,
  ClaimsListQuery,
  ClaimStatusProjection,
  ClaimStatusView,
  toClaimSummary,
} from '../src';
import {
  claimEvents,
  claimFiled,
  newClaim,
  storedClaimEvent,
  type TestClaim,
} from './claim-events';
import { startProjections, type ProjectionsHarness } from './projections-harness';

const claimEventsUpcast = claimContract.upcast.bind(claimContract);

/** Filed after the plan ran out on 2026-02-01. */
const EXPIRED_COVERAGE = {
  covered: false,
  planCode: 'STD-24',
  endDate: '2026-02-01',
  reason: 'expired',
  source: 'registration',
} as const;

describe('claim status read model', () => {
  let harness: ProjectionsHarness;
  let cases: CaseQuery;
  let claims: ClaimsListQuery;
  let manufacturerId: string;
  let retailerId: string;

  beforeAll(async () => {
    harness = await startProjections();
    cases = harness.app.get(CaseQuery);
    claims = harness.app.get(ClaimsListQuery);
  });
  afterAll(async () => harness?.close());
  beforeEach(() => {
    manufacturerId = `m-${randomUUID().slice(0, 8)}`;
    retailerId = `r-${randomUUID().slice(0, 8)}`;
  });

  /** The row, once the projection has caught up to `position` when given. */
  const row = async (claimId: string, position?: bigint) => {
    if (position !== undefined)
      expect(await harness.runner.waitFor(CLAIM_STATUS, position)).toBe(true);
    return harness.dataSource.getRepository(ClaimStatusView).findOneByOrFail({ claimId });
  };
  const claim = (parties: Partial<Pick<TestClaim, 'retailerId' | 'manufacturerId'>> = {}) =>
    newClaim({ retailerId, manufacturerId, ...parties });
  const append = (c: TestClaim, ...events: Array<{ type: string; data: object }>) =>
    harness.append(
      c.stream,
      ...events.map((e) =>
        storedClaimEvent(e as { type: string; data: Record<string, unknown> }, c),
      ),
    );
  const file = (c: TestClaim, overrides: Parameters<typeof claimFiled>[1] = {}) =>
    append(c, claimFiled(c, overrides));

  it('follows a claim through its whole lifecycle, with the case status at each step', async () => {
    const c = claim();
    const e = claimEvents(c);
    const steps: Array<[ClaimEvent, string, string]> = [
      [claimFiled(c, { flags: ['filed_soon_after_purchase'] }), 'submitted', 'manufacturer'],
      [e.reviewStarted('2026-02-22T09:00:00.000Z'), 'under_review', 'manufacturer'],
      [
        e.infoRequested('2026-02-23T09:00:00.000Z', '2026-03-05T17:00:00.000Z'),
        'info_requested',
        'retailer',
      ],
      [e.infoProvided('2026-02-24T09:00:00.000Z'), 'under_review', 'manufacturer'],
      [e.approved('2026-02-25T09:00:00.000Z'), 'approved', 'manufacturer'],
      [e.fulfilmentStarted('2026-02-26T09:00:00.000Z', 'rma-77'), 'in_fulfilment', 'manufacturer'],
      [e.resolved('2026-03-10T09:00:00.000Z'), 'resolved', 'manufacturer'],
      [e.closed('2026-03-11T09:00:00.000Z'), 'closed', 'nobody'],
    ];
    let last = 0n;
    for (const [event, state, party] of steps) {
      const position = await append(c, event);
      last = position;
      const view = await cases.get(c.claimId, { minPosition: position });
      expect(view).toMatchObject({ claimId: c.claimId, state, heldBy: { party } });
      expect(view!.stateInWords).toEqual(expect.any(String));
      if (state === 'info_requested')
        expect(view!.nextStep).toBe(
          'The retailer answers the question by 2026-03-05 17:00 UTC; the manufacturer then continues the review.',
        );
    }
    expect(await row(c.claimId)).toEqual({
      claimId: c.claimId,
      state: 'closed',
      retailerId,
      manufacturerId,
      serialNumber: 'SN-001',
      productId: `${manufacturerId}~SN-001`,
      model: 'WM-9000',
      productCategory: 'washing_machine',
      defectCategory: 'door seal',
      defectDescription: 'Leaks water during the spin cycle',
      customerEmail: 'alice@example.com',
      customerName: 'Alice Martin',
      requestedResolution: 'repair',
      decision: 'approved',
      decidedBy: 'reviewer-7',
      approvedResolution: 'repair',
      approvedAmount: null,
      approvedCurrency: null,
      goodwill: false,
      rejectionReason: null,
      rejectionFinal: false,
      coverageCovered: true,
      coveragePlanCode: 'STD-24',
      coverageEndDate: '2028-01-09',
      coverageReason: null,
      coverageSource: 'registration',
      flags: ['filed_soon_after_purchase'],
      flagged: true,
      appealUsed: false,
      infoQuestion: null,
      infoDueBy: null,
      outcome: 'repaired',
      filedAt: new Date('2026-02-21T08:30:00.000Z'),
      reviewStartedAt: new Date('2026-02-22T09:00:00.000Z'),
      infoRequestedAt: new Date('2026-02-23T09:00:00.000Z'),
      infoProvidedAt: new Date('2026-02-24T09:00:00.000Z'),
      decidedAt: new Date('2026-02-25T09:00:00.000Z'),
      appealedAt: null,
      withdrawnAt: null,
      fulfilmentStartedAt: new Date('2026-02-26T09:00:00.000Z'),
      resolvedAt: new Date('2026-03-10T09:00:00.000Z'),
      closedAt: new Date('2026-03-11T09:00:00.000Z'),
      rmaId: 'rma-77',
      repairOrderId: 'ro-1',
      lastEventAt: new Date('2026-03-11T09:00:00.000Z'),
      lastRevision: 7,
      updatedPosition: last,
    });
    const view = (await cases.get(c.claimId))!;
    expect(view.stateInWords).toBe('Closed after it was resolved: the unit was repaired');
    expect(view.milestones.map((m) => m.name)).toEqual([
      'filed',
      'review_started',
      'info_requested',
      'info_provided',
      'approved',
      'fulfilment_started',
      'resolved',
      'closed',
    ]);
    expect(view).toMatchObject({ rmaId: 'rma-77', repairOrderId: 'ro-1', rma: null, repair: null });
  });

  it('records a rejection, the one appeal and the final rejection', async () => {
    const c = claim();
    const e = claimEvents(c);
    await file(c, { coverage: EXPIRED_COVERAGE });
    let position = await append(
      c,
      e.reviewStarted('2026-02-22T09:00:00.000Z'),
      e.rejected('2026-02-23T09:00:00.000Z', { reasonCode: 'out_of_warranty' }),
    );
    let view = (await cases.get(c.claimId, { minPosition: position }))!;
    expect(view).toMatchObject({
      state: 'rejected',
      stateInWords: 'Rejected by the manufacturer: the unit was out of warranty',
      heldBy: { party: 'retailer', tenantId: retailerId },
      decision: { outcome: 'rejected', rejectionReason: 'out_of_warranty', final: false },
      coverage: {
        covered: false,
        summary: 'Not covered on the failure date: the warranty expired on 2026-02-01',
      },
    });
    position = await append(
      c,
      e.appealed('2026-02-24T09:00:00.000Z'),
      e.reviewStarted('2026-02-25T09:00:00.000Z', 'appealed'),
      e.rejected('2026-02-26T09:00:00.000Z', { reasonCode: 'not_covered', final: true }),
    );
    view = (await cases.get(c.claimId, { minPosition: position }))!;
    expect(view).toMatchObject({
      state: 'rejected',
      stateInWords:
        'Rejected by the manufacturer after an appeal: the defect is not covered by the warranty',
      heldBy: { party: 'manufacturer', tenantId: manufacturerId },
      decision: { final: true },
    });
    position = await append(c, e.closed('2026-02-27T09:00:00.000Z', 'rejected'));
    expect(await row(c.claimId, position)).toMatchObject({
      state: 'closed',
      decision: 'rejected',
      rejectionReason: 'not_covered',
      rejectionFinal: true,
      appealUsed: true,
      reviewStartedAt: new Date('2026-02-22T09:00:00.000Z'),
      appealedAt: new Date('2026-02-24T09:00:00.000Z'),
      decidedAt: new Date('2026-02-26T09:00:00.000Z'),
      lastRevision: 6,
    });
    expect((await cases.get(c.claimId, { minPosition: position }))!.stateInWords).toBe(
      'Closed after it was rejected: the defect is not covered by the warranty',
    );
  });

  it('records a refund approved as goodwill, resolved without fulfilment, and a withdrawal', async () => {
    const refund = claim();
    const r = claimEvents(refund);
    await file(refund, { requestedResolution: 'refund' });
    let position = await append(
      refund,
      r.reviewStarted('2026-02-22T09:00:00.000Z'),
      r.approved('2026-02-23T09:00:00.000Z', {
        resolution: 'refund',
        approvedAmount: { amount: 12_999, currency: 'EUR' },
        goodwill: true,
      }),
    );
    expect(await cases.get(refund.claimId, { minPosition: position })).toMatchObject({
      state: 'approved',
      stateInWords: 'Approved for a refund of 129.99 EUR, as a goodwill gesture',
      nextStep: 'The manufacturer issues a refund; the claim is then resolved.',
      decision: { approvedAmount: { amount: 12_999, currency: 'EUR' }, goodwill: true },
    });
    position = await append(
      refund,
      r.resolved('2026-02-24T09:00:00.000Z', { outcome: 'refunded', repairOrderId: null }),
    );
    expect(await row(refund.claimId, position)).toMatchObject({
      state: 'resolved',
      approvedAmount: 12_999,
      approvedCurrency: 'EUR',
      goodwill: true,
      outcome: 'refunded',
      rmaId: null,
      repairOrderId: null,
    });

    const withdrawn = claim();
    const w = claimEvents(withdrawn);
    await file(withdrawn);
    position = await append(
      withdrawn,
      w.reviewStarted('2026-02-22T09:00:00.000Z'),
      w.infoRequested('2026-02-23T09:00:00.000Z', '2026-03-05T17:00:00.000Z'),
      w.withdrawn('2026-02-24T09:00:00.000Z'),
    );
    expect(await cases.get(withdrawn.claimId, { minPosition: position })).toMatchObject({
      state: 'withdrawn',
      stateInWords: 'Withdrawn before a decision was made',
      heldBy: { party: 'nobody', tenantId: null },
      infoRequest: null,
    });
    expect(await row(withdrawn.claimId)).toMatchObject({
      withdrawnAt: new Date('2026-02-24T09:00:00.000Z'),
      infoDueBy: null,
      infoQuestion: null,
    });
  });

  it('keeps the start of a long defect description', async () => {
    const c = claim();
    const position = await file(c, {
      defect: { category: 'drum', description: `${'x'.repeat(300)}` },
    });
    await claims.list({ manufacturerId }, {}, { minPosition: position });
    const { defectDescription } = await row(c.claimId);
    expect([...defectDescription]).toHaveLength(200);
    expect(defectDescription.endsWith('…')).toBe(true);
  });

  it('ignores other categories that start with "claim", such as the claim index', async () => {
    const c = claim();
    const position = await harness.append(
      `claimindex-${manufacturerId}~SN-001`,
      storedClaimEvent(
        {
          type: 'ClaimIndexed',
          data: {
            manufacturerId,
            serialNumber: 'SN-001',
            claimId: c.claimId,
            category: 'door seal',
            priorClaimsOnUnit: 0,
            at: '2026-02-21T08:30:00.000Z',
          },
        },
        c,
      ),
    );
    expect(await harness.runner.waitFor(CLAIM_STATUS, position)).toBe(true);
    expect(
      await harness.dataSource.getRepository(ClaimStatusView).findOneBy({ claimId: c.claimId }),
    ).toBeNull();
    expect(
      harness.app
        .get(ClaimStatusProjection)
        .filter.streamPrefixes!.some((p) => `claimindex-${manufacturerId}~SN-001`.startsWith(p)),
    ).toBe(false);
  });

  it('moves the revision on event types it does not know, and applies the next known one', async () => {
    const c = claim();
    await file(c);
    const position = await append(
      c,
      { type: 'ClaimEvidenceAdded', data: { claimId: c.claimId, at: '2026-02-21T09:00:00.000Z' } },
      claimEvents(c).reviewStarted('2026-02-22T09:00:00.000Z'),
    );
    expect(await cases.get(c.claimId, { minPosition: position })).toMatchObject({
      state: 'under_review',
      revision: 2,
    });
  });

  it('ignores an event handed to it twice and refuses one that skips a revision', async () => {
    const c = claim();
    const e = claimEvents(c);
    await file(c);
    const position = await append(c, e.reviewStarted('2026-02-22T09:00:00.000Z'));
    expect(await harness.runner.waitFor(CLAIM_STATUS, position)).toBe(true);
    const before = await row(c.claimId);
    const [filed, review] = await harness.store.readStream(c.stream);
    const projection = harness.app.get(ClaimStatusProjection);
    await harness.dataSource.transaction((m) => projection.handle(filed, m));
    await harness.dataSource.transaction((m) => projection.handle(review, m));
    // A stale event at an old revision changes nothing either.
    await harness.dataSource.transaction((m) =>
      projection.handle(
        {
          ...review,
          type: 'ClaimWithdrawn',
          data: { ...e.withdrawn('2026-03-01T00:00:00.000Z').data },
        },
        m,
      ),
    );
    expect(await row(c.claimId)).toEqual(before);

    const skipping = { ...review, revision: 3, type: 'ClaimClosed' };
    await expect(
      harness.dataSource.transaction((m) => projection.handle(skipping, m)),
    ).rejects.toBeInstanceOf(RevisionGapError);
    const orphan = { ...review, streamId: `claim-${randomUUID()}`, revision: 1 };
    await expect(
      harness.dataSource.transaction((m) => projection.handle(orphan, m)),
    ).rejects.toBeInstanceOf(RevisionGapError);
  });

  it('rebuilds into fresh tables under a query load, swaps them in, and refuses a second rebuild', async () => {
    const filed = [claim(), claim(), claim()];
    for (const c of filed) await file(c, { flags: ['many_claims_on_unit'] });
    const e = claimEvents(filed[0]);
    const head = await append(
      filed[0],
      e.reviewStarted('2026-02-22T09:00:00.000Z'),
      e.approved('2026-02-23T09:00:00.000Z', {
        resolution: 'credit',
        approvedAmount: { amount: 5_000, currency: 'USD' },
      }),
    );
    expect(await harness.runner.waitFor(CLAIM_STATUS, head)).toBe(true);
    // A live row gone wrong: only a real rebuild from the log puts it right.
    await harness.dataSource.query(`UPDATE claim_status SET state = 'closed' WHERE claim_id = $1`, [
      filed[0].claimId,
    ]);
    const count = async () =>
      Number(
        (
          await harness.dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM claim_status')
        )[0].n,
      );
    const before = await count();

    let loading = true;
    const load = (async () => {
      const seen = { queries: 0, failures: [] as unknown[], minimum: Infinity };
      while (loading) {
        try {
          seen.minimum = Math.min(seen.minimum, await count());
          await claims.list({ manufacturerId });
          await cases.get(filed[1].claimId, {});
          seen.queries++;
        } catch (error) {
          seen.failures.push(error);
        }
      }
      return seen;
    })();

    const rebuilds = harness.app.get(ProjectionRebuilds);
    const progress: RebuildProgress[] = [];
    await rebuilds.start(CLAIM_STATUS, (p) => progress.push(p));
    await expect(rebuilds.start(CLAIM_STATUS)).rejects.toBeInstanceOf(RebuildRunningError);
    const during = claim();
    await file(during);
    const outcome = await rebuilds.settled(CLAIM_STATUS);
    loading = false;
    const seen = await load;

    expect(outcome?.error).toBeUndefined();
    expect(outcome?.state).toBe('swapped');
    expect(progress.at(-1)).toMatchObject({ state: 'swapped' });
    expect(seen.failures).toEqual([]);
    expect(seen.queries).toBeGreaterThan(0);
    expect(seen.minimum).toBeGreaterThanOrEqual(before);
    expect(
      await harness.dataSource.query(
        `SELECT nspname FROM pg_namespace WHERE nspname LIKE '%claim_status'`,
      ),
    ).toEqual([]);

    // Migrations name these indexes: the fresh table keeps the names.
    expect(
      await harness.dataSource.query(
        `SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()
            AND tablename = 'claim_status' ORDER BY indexname`,
      ),
    ).toEqual(
      ['filed', 'manufacturer', 'pkey', 'retailer', 'search', 'serial'].map((n) => ({
        indexname: `claim_status_${n}`,
      })),
    );

    // Filled unlogged for speed, the swapped-in table is logged like the one it replaced.
    expect(
      await harness.dataSource.query(
        `SELECT relpersistence FROM pg_class WHERE oid = 'claim_status'::regclass`,
      ),
    ).toEqual([{ relpersistence: 'p' }]);

    // The live runner carries on from the swapped checkpoint, applying nothing twice.
    const after = await append(
      during,
      claimEvents(during).reviewStarted('2026-02-24T09:00:00.000Z'),
    );
    expect(await harness.runner.waitFor(CLAIM_STATUS, after)).toBe(true);
    expect((await row(during.claimId)).state).toBe('under_review');
    expect((await row(filed[0].claimId)).state).toBe('approved');
    expect(await liveRows()).toEqual(await freshRows());
    expect((await rebuilds.start(CLAIM_STATUS)).state).toBe('running');
    expect((await rebuilds.settled(CLAIM_STATUS))?.state).toBe('swapped');
  });

  it('applies live batches and rebuilds folded in memory to exactly the rows the statements make, for every claim event', async () => {
    const at = (day: number) => `2026-03-${String(day).padStart(2, '0')}T09:00:00.000Z`;
    const [full, rejected, appealed, withdrawn, unknown, odd, exchanged] = Array.from(
      { length: 7 },
      () => claim(),
    );
    const lives: Array<[TestClaim, Array<{ type: string; data: object }>]> = [
      [
        full,
        ((e) => [
          claimFiled(full, { flags: ['many_claims_on_unit'] }),
          e.reviewStarted(at(1)),
          e.infoRequested(at(2), at(9)),
          e.infoProvided(at(3)),
          e.reviewStarted(at(4), 'info_requested'),
          e.approved(at(5), {
            goodwill: true,
            approvedAmount: { amount: 12_345, currency: 'EUR' },
          }),
          e.fulfilmentStarted(at(6), 'rma-9'),
          e.resolved(at(7)),
          e.closed(at(8)),
        ])(claimEvents(full)),
      ],
      [
        rejected,
        ((e) => [
          claimFiled(rejected),
          e.reviewStarted(at(1)),
          e.rejected(at(2), { final: true }),
          e.closed(at(3), 'rejected'),
        ])(claimEvents(rejected)),
      ],
      [
        appealed,
        ((e) => [
          claimFiled(appealed),
          e.reviewStarted(at(1)),
          e.rejected(at(2)),
          e.appealed(at(3)),
          e.reviewStarted(at(4), 'appealed'),
          e.approved(at(5)),
        ])(claimEvents(appealed)),
      ],
      [
        withdrawn,
        ((e) => [
          claimFiled(withdrawn),
          e.reviewStarted(at(1)),
          e.infoRequested(at(2), at(9)),
          e.withdrawn(at(3)),
        ])(claimEvents(withdrawn)),
      ],
      [
        unknown,
        [
          claimFiled(unknown),
          { type: 'ClaimNoteAdded', data: { claimId: unknown.claimId, note: 'later type' } },
          claimEvents(unknown).reviewStarted(at(1)),
        ],
      ],
      [
        odd,
        [
          claimFiled(odd, {
            productId: null,
            model: null,
            productCategory: null,
            defect: { category: 'drum', description: `  Noisy\n\t${'drum '.repeat(60)} ` },
            coverage: {
              covered: false,
              planCode: null,
              endDate: null,
              reason: 'expired',
              source: 'registration',
            },
          } as Parameters<typeof claimFiled>[1]),
        ],
      ],
      [
        exchanged,
        ((e) => [
          claimFiled(exchanged),
          e.reviewStarted(at(1)),
          e.approved(at(2), { resolution: 'replace' }),
          e.fulfilmentStarted(at(3), 'rma-10'),
          e.resolved(at(4), { outcome: 'replaced', rmaId: 'rma-11', repairOrderId: null }),
        ])(claimEvents(exchanged)),
      ],
    ];
    const projection = harness.app.get(ClaimStatusProjection);
    const handled = jest.spyOn(projection, 'handle');
    let head = 0n;
    for (const [c, events] of lives) head = await append(c, ...events);
    expect(await harness.runner.waitFor(CLAIM_STATUS, head)).toBe(true);
    // Each life came in one append, so the live runner folded it as a batch; only the one-event
    // life may have gone through handle(), if the feed read it alone.
    expect(handled.mock.calls.length).toBeLessThanOrEqual(1);
    handled.mockRestore();
    expect(await liveRows()).toEqual(await freshRows());

    expect(projection.rowFold).toBeDefined();
    // Small batches that forget every row, so streams cross batches and rows are read back.
    const rebuild = await ProjectionRebuild.begin(harness.dataSource, harness.store, projection, {
      upcast: claimEventsUpcast,
      batchSize: 4,
      rowsKept: 0,
    });
    const outcome = await rebuild.run();

    expect(outcome.error).toBeUndefined();
    expect(outcome.state).toBe('swapped');
    const rows = await liveRows();
    expect(rows).toEqual(await freshRows());
    expect(rows.filter((r: { claim_id: string }) => r.claim_id === odd.claimId)).toHaveLength(1);
  });

  /** Every row of the live table. */
  const liveRows = () => harness.dataSource.query('SELECT * FROM claim_status ORDER BY claim_id');

  /** The rows a brand-new projection makes from the whole log, in a temporary table of the same shape. */
  const freshRows = () =>
    harness.dataSource.transaction(async (manager) => {
      await manager.query(
        'CREATE TEMP TABLE claim_status (LIKE public.claim_status INCLUDING ALL) ON COMMIT DROP',
      );
      const projection = harness.app.get(ClaimStatusProjection);
      const events = await harness.store.readAll({
        filter: projection.filter,
        maxCount: 1_000_000,
      });
      for (const event of events) await projection.handle(claimEventsUpcast(event), manager);
      return manager.query('SELECT * FROM pg_temp.claim_status ORDER BY claim_id');
    });

  describe('list', () => {
    it('filters by state, parties, serial, filing date and flags', async () => {
      const otherRetailer = `r-${randomUUID().slice(0, 8)}`;
      const a = claim();
      const b = claim({ retailerId: otherRetailer });
      const c = claim();
      await file(a, { filedAt: '2026-03-01T10:00:00.000Z', flags: ['many_claims_by_customer'] });
      await file(b, { filedAt: '2026-03-02T23:59:59.999Z', serialNumber: 'SN-777' });
      await file(c, { filedAt: '2026-03-03T00:00:00.000Z' });
      const position = await append(c, claimEvents(c).reviewStarted('2026-03-04T00:00:00.000Z'));
      const ids = async (filters: Parameters<ClaimsListQuery['list']>[0]) =>
        (
          await claims.list({ manufacturerId, ...filters }, {}, { minPosition: position })
        ).items.map((item) => item.claimId);

      expect(await ids({})).toEqual([c.claimId, b.claimId, a.claimId]);
      expect(await ids({ state: 'under_review' })).toEqual([c.claimId]);
      expect(await ids({ state: 'submitted' })).toEqual([b.claimId, a.claimId]);
      expect(await ids({ retailerId: otherRetailer })).toEqual([b.claimId]);
      expect(await ids({ retailerId: retailerId, state: 'submitted' })).toEqual([a.claimId]);
      expect(await ids({ serialNumber: 'SN-777' })).toEqual([b.claimId]);
      expect(await ids({ filedFrom: '2026-03-02' })).toEqual([c.claimId, b.claimId]);
      expect(await ids({ filedTo: '2026-03-02' })).toEqual([b.claimId, a.claimId]);
      expect(await ids({ filedFrom: '2026-03-02', filedTo: '2026-03-02' })).toEqual([b.claimId]);
      expect(await ids({ flagged: true })).toEqual([a.claimId]);
      expect(await ids({ flagged: false })).toEqual([c.claimId, b.claimId]);
      expect(await ids({ manufacturerId: `${manufacturerId}-x` })).toEqual([]);

      const [item] = (await claims.list({ manufacturerId, flagged: true })).items;
      expect(item).toMatchObject({
        claimId: a.claimId,
        state: 'submitted',
        retailerId,
        manufacturerId,
        serialNumber: 'SN-001',
        defect: { category: 'door seal', description: 'Leaks water during the spin cycle' },
        coverage: {
          covered: true,
          planCode: 'STD-24',
          endDate: '2028-01-09',
          source: 'registration',
        },
        flags: ['many_claims_by_customer'],
        flagged: true,
        filedAt: '2026-03-01T10:00:00.000Z',
        revision: 0,
      });
    });

    it('pages newest first with ties broken by claim id, stable across pages', async () => {
      const filed = [
        '2026-04-01T10:00:00.000Z',
        '2026-04-02T10:00:00.000Z',
        '2026-04-02T10:00:00.000Z',
        '2026-04-02T10:00:00.000Z',
        '2026-04-03T10:00:00.000Z',
      ];
      const all: Array<{ claimId: string; filedAt: string }> = [];
      let position = 0n;
      for (const filedAt of filed) {
        const c = claim();
        position = await file(c, { filedAt });
        all.push({ claimId: c.claimId, filedAt });
      }
      const expected = all
        .sort((x, y) =>
          x.filedAt !== y.filedAt
            ? y.filedAt.localeCompare(x.filedAt)
            : x.claimId < y.claimId
              ? 1
              : -1,
        )
        .map((x) => x.claimId);

      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await claims.list(
          { manufacturerId },
          { limit: 2, cursor },
          { minPosition: position },
        );
        seen.push(...page.items.map((i) => i.claimId));
        cursor = page.nextCursor ?? undefined;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      // Postgres sorts text by its collation; with uuids that agrees with JS for hex digits.
      expect(seen).toEqual(expected);

      await expect(claims.list({ manufacturerId }, { cursor: 'bm90LWpzb24' })).rejects.toThrow(
        /cursor/,
      );
      await expect(claims.list({ manufacturerId }, { cursor: '!!' })).rejects.toThrow(/cursor/);
      expect((await claims.list({ manufacturerId }, { limit: 500 })).items).toHaveLength(5);
    });

    it('lists each claim field by field as its row reads through the entity', async () => {
      const approved = claim();
      const asked = claim();
      const refused = claim();
      const [a, q, r] = [claimEvents(approved), claimEvents(asked), claimEvents(refused)];
      await file(approved, {
        flags: ['filed_soon_after_purchase'],
        coverage: {
          covered: true,
          planCode: 'EXT-36',
          endDate: '2027-01-31',
          reason: null,
          source: 'registration',
        },
      });
      await append(
        approved,
        a.reviewStarted('2026-02-22T09:00:00.123Z'),
        a.approved('2026-02-23T09:00:00.456Z', {
          resolution: 'refund',
          approvedAmount: { amount: 12_345, currency: 'EUR' },
          goodwill: true,
        }),
      );
      await file(asked);
      await append(
        asked,
        q.reviewStarted('2026-02-22T10:00:00.000Z'),
        q.infoRequested('2026-02-23T10:00:00.000Z', '2026-03-05T17:00:00.000Z'),
      );
      await file(refused, { coverage: EXPIRED_COVERAGE });
      const position = await append(
        refused,
        r.reviewStarted('2026-02-22T11:00:00.000Z'),
        r.rejected('2026-02-23T11:00:00.000Z', { reasonCode: 'out_of_warranty' }),
      );
      const { items } = await claims.list({ manufacturerId }, {}, { minPosition: position });
      const entities = harness.dataSource.getRepository(ClaimStatusView);
      expect(items).toHaveLength(3);
      for (const item of items)
        expect(item).toEqual(
          toClaimSummary(await entities.findOneByOrFail({ claimId: item.claimId })),
        );
      const byId = new Map(items.map((item) => [item.claimId, item]));
      expect(byId.get(approved.claimId)).toMatchObject({
        approvedAmount: { amount: 12_345, currency: 'EUR' },
        coverage: { endDate: '2027-01-31', planCode: 'EXT-36' },
        decidedAt: '2026-02-23T09:00:00.456Z',
        flags: ['filed_soon_after_purchase'],
      });
      expect(byId.get(asked.claimId)).toMatchObject({ infoDueBy: '2026-03-05T17:00:00.000Z' });
      expect(byId.get(refused.claimId)).toMatchObject({
        coverage: { endDate: '2026-02-01', covered: false },
        rejectionReason: 'out_of_warranty',
      });
    });
  });
});
