import { randomUUID } from 'node:crypto';
import type { EventToAppend } from '@warranty/event-store';
import { ProjectionRebuilds, RevisionGapError } from '@warranty/read-models';
import { CASE_SLA, CaseSlaProjection, describeSlas, readCaseSlaRows } from '../src';
import { startProjections, type ProjectionsHarness } from './projections-harness';

const BERLIN = {
  id: 'default',
  timeZone: 'Europe/Berlin',
  workingDays: [1, 2, 3, 4, 5],
  workingHours: { start: '09:00', end: '17:00' },
  holidays: [],
};

function slaEvent(type: string, data: Record<string, unknown>): EventToAppend {
  return {
    id: randomUUID(),
    type,
    data,
    metadata: {
      tenants: { manufacturer: 'acme-appliances' },
      actor: { id: 'sla', role: 'system', tenantId: null },
      correlationId: randomUUID(),
      causationId: randomUUID(),
      schemaVersion: 1,
      occurredAt: '2026-06-15T10:00:00.000Z',
    },
  } as EventToAppend;
}

describe('case_sla read model', () => {
  let harness: ProjectionsHarness;

  beforeAll(async () => {
    harness = await startProjections();
  });
  afterAll(async () => harness?.close());

  const started = (subject: { kind: string; id: string }, sla: string, dueAt: string) =>
    slaEvent('SlaStarted', {
      subject,
      sla,
      parties: {
        manufacturerId: 'acme-appliances',
        retailerId: null,
        serviceCenterId: null,
        category: null,
      },
      definition: {
        name: sla,
        subject: subject.kind,
        start: [],
        stop: [],
        pause: [],
        resume: [],
        cancel: [],
        target: { amount: 3, unit: 'business_days' },
      },
      calendar: BERLIN,
      budgetMs: 3 * 8 * 3_600_000,
      startedAt: '2026-06-15T10:00:00.000Z',
      atRiskAt: '2026-06-17T13:12:00.000Z',
      dueAt,
      causedBy: randomUUID(),
    });

  it('folds a pause and a resume, applies a redelivery once and refuses a skipped revision', async () => {
    const claimId = randomUUID();
    const subject = { kind: 'claim', id: claimId };
    const stream = `sla-claim~${claimId}`;
    const position = await harness.append(
      stream,
      started(subject, 'claim_decision', '2026-06-18T10:00:00.000Z'),
      started(subject, 'claim_first_response', '2026-06-16T10:00:00.000Z'),
      slaEvent('SlaPaused', {
        subject,
        sla: 'claim_decision',
        at: '2026-06-16T10:00:00.000Z',
        usedMs: 8 * 3_600_000,
        causedBy: 'x',
      }),
      slaEvent('SlaStopped', {
        subject,
        sla: 'claim_first_response',
        at: '2026-06-16T09:00:00.000Z',
        outcome: 'met',
        usedMs: 7 * 3_600_000,
        causedBy: 'x',
      }),
    );
    expect(await harness.runner.waitFor(CASE_SLA, position)).toBe(true);
    const now = new Date('2026-06-22T10:00:00.000Z');
    const read = async () =>
      describeSlas(
        await readCaseSlaRows(harness.dataSource.manager, [{ kind: 'claim', id: claimId }]),
        now,
      );
    expect(await read()).toEqual([
      {
        subject: 'claim',
        subjectId: claimId,
        sla: 'claim_decision',
        state: 'paused',
        dueAt: null,
        timeLeft: 'paused: the clock stands still until it resumes',
      },
      {
        subject: 'claim',
        subjectId: claimId,
        sla: 'claim_first_response',
        state: 'met',
        dueAt: '2026-06-16T10:00:00.000Z',
        timeLeft: 'met at 2026-06-16 09:00 UTC',
      },
    ]);

    const resumed = await harness.append(
      stream,
      slaEvent('SlaResumed', {
        subject,
        sla: 'claim_decision',
        at: '2026-06-22T10:00:00.000Z',
        atRiskAt: '2026-06-23T13:12:00.000Z',
        dueAt: '2026-06-24T10:00:00.000Z',
        causedBy: 'x',
      }),
    );
    expect(await harness.runner.waitFor(CASE_SLA, resumed)).toBe(true);
    const afterResume = await read();
    expect(afterResume[0]).toMatchObject({
      state: 'running',
      dueAt: '2026-06-24T10:00:00.000Z',
      timeLeft: 'due in 2 business days, by Wed 12:00 Europe/Berlin',
    });

    const events = await harness.store.readStream(stream);
    const projection = harness.app.get(CaseSlaProjection);
    for (const event of events)
      await harness.dataSource.transaction((m) => projection.handle(event, m));
    expect(await read()).toEqual(afterResume);

    const skipping = { ...events[4], revision: 7 };
    await expect(
      harness.dataSource.transaction((m) => projection.handle(skipping, m)),
    ).rejects.toBeInstanceOf(RevisionGapError);
  });

  it('shows an SLA whose due time could not be computed, first in its stream or after a pause', async () => {
    const claimId = randomUUID();
    const subject = { kind: 'claim', id: claimId };
    const reason =
      "the due time on calendar 'default' would fall after 2199-12-31, the platform's last date";
    const notComputable = (sla: string) => {
      const { data } = started(subject, sla, '2199-12-31T10:00:00.000Z');
      const { atRiskAt: _r, dueAt: _d, startedAt: _s, ...rest } = data;
      return slaEvent('SlaNotComputable', { ...rest, at: '2199-12-20T10:00:00.000Z', reason });
    };
    const position = await harness.append(
      `sla-claim~${claimId}`,
      notComputable('long_check'),
      started(subject, 'case_resolution', '2199-12-31T10:00:00.000Z'),
      slaEvent('SlaPaused', {
        subject,
        sla: 'case_resolution',
        at: '2199-12-21T10:00:00.000Z',
        usedMs: 3_600_000,
        causedBy: 'x',
      }),
      notComputable('case_resolution'),
    );
    expect(await harness.runner.waitFor(CASE_SLA, position)).toBe(true);
    const slas = describeSlas(
      await readCaseSlaRows(harness.dataSource.manager, [{ kind: 'claim', id: claimId }]),
      new Date('2199-12-22T10:00:00.000Z'),
    );
    expect(
      slas.map(({ sla, state, dueAt, timeLeft }) => ({ sla, state, dueAt, timeLeft })),
    ).toEqual([
      {
        sla: 'case_resolution',
        state: 'not_computable',
        dueAt: null,
        timeLeft: `not computable: ${reason}`,
      },
      {
        sla: 'long_check',
        state: 'not_computable',
        dueAt: null,
        timeLeft: `not computable: ${reason}`,
      },
    ]);
  });

  it('says a breached SLA stopped later breached at its due time, not when it stopped', async () => {
    const claimId = randomUUID();
    const subject = { kind: 'claim', id: claimId };
    const parties = {
      manufacturerId: 'acme-appliances',
      retailerId: null,
      serviceCenterId: null,
      category: null,
    };
    const dueAt = '2026-06-18T10:00:00.000Z';
    const position = await harness.append(
      `sla-claim~${claimId}`,
      started(subject, 'claim_decision', dueAt),
      slaEvent('SlaBreached', { subject, sla: 'claim_decision', parties, at: dueAt, dueAt }),
      slaEvent('SlaStopped', {
        subject,
        sla: 'claim_decision',
        at: '2026-06-19T08:00:00.000Z',
        outcome: 'breached',
        usedMs: 30 * 3_600_000,
        causedBy: 'x',
      }),
    );
    expect(await harness.runner.waitFor(CASE_SLA, position)).toBe(true);
    const [decision] = describeSlas(
      await readCaseSlaRows(harness.dataSource.manager, [{ kind: 'claim', id: claimId }]),
      new Date('2026-06-22T10:00:00.000Z'),
    );
    expect(decision).toMatchObject({
      state: 'breached',
      dueAt,
      timeLeft: 'breached at 2026-06-18 10:00 UTC, stopped at 2026-06-19 08:00 UTC',
    });
  });

  it('rebuilds from the log into fresh tables', async () => {
    const claimId = randomUUID();
    const subject = { kind: 'claim', id: claimId };
    const head = await harness.append(
      `sla-claim~${claimId}`,
      started(subject, 'claim_decision', '2026-06-18T10:00:00.000Z'),
    );
    expect(await harness.runner.waitFor(CASE_SLA, head)).toBe(true);
    const rows = () =>
      harness.dataSource.query(`SELECT * FROM case_sla WHERE subject_key = $1`, [
        `claim~${claimId}`,
      ]);
    const before = await rows();
    // A live row gone wrong: only a rebuild from the log puts it right.
    await harness.dataSource.query(`UPDATE case_sla SET timers = '[]' WHERE subject_key = $1`, [
      `claim~${claimId}`,
    ]);
    const rebuilds = harness.app.get(ProjectionRebuilds);
    await rebuilds.start(CASE_SLA);
    const outcome = await rebuilds.settled(CASE_SLA);
    expect(outcome?.error).toBeUndefined();
    expect(outcome?.state).toBe('swapped');
    expect(await rows()).toEqual(before);
  });
});
