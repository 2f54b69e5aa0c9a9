import type { SlaParties, SlaStreamEvent, SlaSubject } from '@warranty/contracts/sla';
import { fold } from '@warranty/eventsourcing';
import { DEFAULT_BUSINESS_CALENDAR } from '@warranty/business-time';
import { DEFAULT_SLA_DEFINITIONS } from '../../src/domain/default-slas';
import { BUILT_IN_POLICY, slasStartedBy } from '../../src/domain/sla-policy';
import {
  displayState,
  type SlaTimerCommand,
  slaTimerDecider,
} from '../../src/domain/sla-timer.decider';
import type { ObservedEvent } from '../../src/domain/sla-triggers';

const claim: SlaSubject = { kind: 'claim', id: 'c-1' };
const repair: SlaSubject = { kind: 'repair', id: 'r-1' };
const parties = {
  manufacturerId: 'bosch',
  retailerId: 'acme',
  serviceCenterId: null,
  category: 'tools',
};
const calendar = { ...DEFAULT_BUSINESS_CALENDAR, id: 'default' };

let n = 0;
const event = (type: string, at: string, data: Record<string, unknown> = {}): ObservedEvent => ({
  id: `e-${++n}`,
  type,
  at,
  data: { manufacturerId: 'bosch', retailerId: 'acme', ...data },
});

function observe(
  subject: SlaSubject,
  observed: ObservedEvent,
  startParties: SlaParties = parties,
): SlaTimerCommand {
  const start = slasStartedBy(BUILT_IN_POLICY, subject.kind, observed, 'acme').map(
    (definition) => ({
      definition,
      calendar,
      parties: startParties,
    }),
  );
  return { type: 'Observe', subject, event: observed, start };
}

/** Given these events, when the command, then what it decides (and the state after it). */
function when(given: SlaStreamEvent[], command: SlaTimerCommand) {
  const state = fold(slaTimerDecider, given);
  const events = slaTimerDecider.decide(command, state);
  return { events, state: fold(slaTimerDecider, [...given, ...events]) };
}

const slaOf = (e: SlaStreamEvent) => (e.data as { sla?: string }).sla;
const partiesOf = (e: SlaStreamEvent) => (e.data as { parties?: SlaParties }).parties;
const only = (events: SlaStreamEvent[], sla: string) => events.filter((e) => slaOf(e) === sla);

// Monday 12 January 2026, 10:00 in Berlin (CET, UTC+1).
const FILED = '2026-01-12T09:00:00.000Z';

describe('SLA timer decider', () => {
  const filed = () => when([], observe(claim, event('ClaimFiled', FILED))).events;

  it('starts the three claim SLAs on ClaimFiled, due in business and calendar time', () => {
    const started = filed().filter((e) => e.type === 'SlaStarted');
    expect(started.map((e) => e.data.sla)).toEqual([
      'claim_first_response',
      'claim_decision',
      'case_resolution',
    ]);
    const decision = only(started, 'claim_decision')[0].data as { dueAt: string; atRiskAt: string };
    // 3 business days of 8 hours: Thursday 10:00; 80 % (19 h 12 min): Wednesday 13:12.
    expect(decision.dueAt).toBe('2026-01-15T09:00:00.000Z');
    expect(decision.atRiskAt).toBe('2026-01-14T12:12:00.000Z');
    const resolution = only(started, 'case_resolution')[0].data as { dueAt: string };
    expect(resolution.dueAt).toBe('2026-02-11T09:00:00.000Z');
  });

  it('keeps the wall-clock time of calendar-day SLAs across a DST change', () => {
    // Friday 20 March 2026, 10:00 in Berlin (CET); 30 days on is Sunday 19 April, 10:00 CEST.
    const march = when([], observe(claim, event('ClaimFiled', '2026-03-20T09:00:00.000Z')));
    const resolution = only(march.events, 'case_resolution')[0].data as { dueAt: string };
    expect(resolution.dueAt).toBe('2026-04-19T08:00:00.000Z');
    // Tuesday 20 October 2026, 10:00 CEST; 14 days on is Tuesday 3 November, 10:00 CET.
    const rma: SlaSubject = { kind: 'rma', id: 'rma-1' };
    const authorized = when([], observe(rma, event('RmaAuthorized', '2026-10-20T08:00:00.000Z')));
    const receipt = only(authorized.events, 'rma_receipt')[0].data as { dueAt: string };
    expect(receipt.dueAt).toBe('2026-11-03T09:00:00.000Z');
  });

  it('a pause over a DST change still ends a calendar-day SLA at its wall-clock time', () => {
    const started = when([], observe(claim, event('ClaimFiled', '2026-03-20T09:00:00.000Z')));
    // Paused on Wednesday 1 April, 10:00 CEST (12 days used, 287 hours elapsed), resumed on Friday 3 April, 10:00 CEST.
    const paused = when(
      started.events,
      observe(claim, event('ClaimInfoRequested', '2026-04-01T08:00:00.000Z')),
    );
    const resumed = when(
      [...started.events, ...paused.events],
      observe(claim, event('ClaimInfoProvided', '2026-04-03T08:00:00.000Z')),
    );
    const resume = only(resumed.events, 'case_resolution')[0];
    expect(resume.type).toBe('SlaResumed');
    // 18 days left: Tuesday 21 April, 10:00 CEST.
    expect((resume.data as { dueAt: string }).dueAt).toBe('2026-04-21T08:00:00.000Z');
  });

  it('raises SlaAtRisk at 80 % and SlaBreached at 100 %, each once, at their own instants', () => {
    const given = filed();
    const atRisk = when(given, { type: 'ReachDeadlines', at: '2026-01-14T12:12:00.000Z' });
    expect(only(atRisk.events, 'claim_decision')).toEqual([
      expect.objectContaining({
        type: 'SlaAtRisk',
        data: expect.objectContaining({ at: '2026-01-14T12:12:00.000Z' }),
      }),
    ]);
    const again = when([...given, ...atRisk.events], {
      type: 'ReachDeadlines',
      at: '2026-01-14T12:12:00.000Z',
    });
    expect(only(again.events, 'claim_decision')).toEqual([]);
    const due = when([...given, ...atRisk.events], {
      type: 'ReachDeadlines',
      at: '2026-01-15T09:00:00.000Z',
    });
    expect(
      only(due.events, 'claim_decision').map((e) => [e.type, (e.data as { at?: string }).at]),
    ).toEqual([['SlaBreached', '2026-01-15T09:00:00.000Z']]);
    expect(displayState(due.state.clocks.claim_decision)).toBe('breached');
  });

  it('pauses the decision SLA on an info request, and the resume adds the paused time', () => {
    const given = filed();
    // Tuesday 10:00: 8 business hours used.
    const paused = when(
      given,
      observe(claim, event('ClaimInfoRequested', '2026-01-13T09:00:00.000Z')),
    );
    expect(only(paused.events, 'claim_decision')).toEqual([
      expect.objectContaining({
        type: 'SlaPaused',
        data: expect.objectContaining({ usedMs: 8 * 3_600_000 }),
      }),
    ]);
    // The info request is the first response, one business day after filing: just at the due instant.
    expect(only(paused.events, 'claim_first_response').map((e) => e.type)).toEqual([
      'SlaAtRisk',
      'SlaBreached',
      'SlaStopped',
    ]);
    const history = [...given, ...paused.events];
    // While paused, the old due instant passes and raises nothing.
    expect(
      only(
        when(history, { type: 'ReachDeadlines', at: '2026-01-15T09:00:00.000Z' }).events,
        'claim_decision',
      ),
    ).toEqual([]);
    // Answered the next Monday at 10:00: 16 hours left, due Wednesday 10:00.
    const resumed = when(
      history,
      observe(claim, event('ClaimInfoProvided', '2026-01-19T09:00:00.000Z')),
    );
    expect(only(resumed.events, 'claim_decision')).toEqual([
      expect.objectContaining({
        type: 'SlaResumed',
        data: expect.objectContaining({ dueAt: '2026-01-21T09:00:00.000Z' }),
      }),
    ]);
  });

  it('stops as met before the due time, with the business time used', () => {
    const approved = when(
      filed(),
      observe(claim, event('ClaimApproved', '2026-01-13T10:30:00.000Z')),
    );
    expect(only(approved.events, 'claim_decision')).toEqual([
      expect.objectContaining({
        type: 'SlaStopped',
        data: expect.objectContaining({ outcome: 'met', usedMs: 9.5 * 3_600_000 }),
      }),
    ]);
  });

  it('a decision seen late raises the missed at-risk and breach at their instants before stopping', () => {
    const late = when(filed(), observe(claim, event('ClaimRejected', '2026-01-16T09:00:00.000Z')));
    expect(
      only(late.events, 'claim_decision').map((e) => [e.type, (e.data as { at?: string }).at]),
    ).toEqual([
      ['SlaAtRisk', '2026-01-14T12:12:00.000Z'],
      ['SlaBreached', '2026-01-15T09:00:00.000Z'],
      ['SlaStopped', '2026-01-16T09:00:00.000Z'],
    ]);
    expect(displayState(late.state.clocks.claim_decision)).toBe('breached');
  });

  it('a withdrawn claim cancels its SLAs; a redelivered ClaimFiled starts nothing twice', () => {
    const given = filed();
    expect(when(given, observe(claim, event('ClaimFiled', FILED))).events).toEqual([]);
    const withdrawn = when(
      given,
      observe(claim, event('ClaimWithdrawn', '2026-01-12T12:00:00.000Z')),
    );
    expect(
      withdrawn.events.map((e) => [slaOf(e), (e.data as { outcome?: string }).outcome]),
    ).toEqual([
      ['claim_first_response', 'cancelled'],
      ['claim_decision', 'cancelled'],
      ['case_resolution', 'cancelled'],
    ]);
  });

  it('pauses the repair turnaround only for a diagnosis that needs the customer’s approval', () => {
    const opened = when(
      [],
      observe(repair, event('RepairOrderOpened', FILED, { serviceCenterId: 'fix' })),
    ).events;
    expect(opened.map(slaOf)).toEqual(['repair_turnaround']);
    const covered = observe(
      repair,
      event('DiagnosisRecorded', '2026-01-13T09:00:00.000Z', { approvalRequired: false }),
    );
    expect(when(opened, covered).events).toEqual([]);
    const payable = observe(
      repair,
      event('DiagnosisRecorded', '2026-01-13T09:00:00.000Z', { approvalRequired: true }),
    );
    expect(when(opened, payable).events.map((e) => e.type)).toEqual(['SlaPaused']);
  });

  describe('a repair order reassigned to another service center', () => {
    const atFix = { ...parties, serviceCenterId: 'fix' };
    const atRival = { ...parties, serviceCenterId: 'rival' };
    const opened = () =>
      when(
        [],
        observe(repair, event('RepairOrderOpened', FILED, { serviceCenterId: 'fix' }), atFix),
      ).events;
    const reassignment = (at: string, toServiceCenterId = 'rival') =>
      observe(
        repair,
        event('RepairOrderReassigned', at, { fromServiceCenterId: 'fix', toServiceCenterId }),
      );

    it('hands its turnaround SLA to the new center, whose name the later deadlines carry', () => {
      const moved = when(opened(), reassignment('2026-01-13T09:00:00.000Z'));
      expect(moved.events).toEqual([
        {
          type: 'SlaReassigned',
          data: {
            subject: repair,
            parties: atRival,
            at: '2026-01-13T09:00:00.000Z',
            causedBy: expect.any(String),
          },
        },
      ]);
      expect(moved.state.clocks.repair_turnaround).toMatchObject({
        phase: 'running',
        parties: atRival,
        dueAt: '2026-01-26T09:00:00.000Z',
      });
      const due = when([...opened(), ...moved.events], {
        type: 'ReachDeadlines',
        at: '2026-01-26T09:00:00.000Z',
      });
      expect(due.events.map((e) => [e.type, partiesOf(e)])).toEqual([
        ['SlaAtRisk', atRival],
        ['SlaBreached', atRival],
      ]);
    });

    it('seen late, first raises the at-risk the old center missed, then moves; a second look moves nothing', () => {
      const given = opened();
      const late = when(given, reassignment('2026-01-23T09:00:00.000Z'));
      expect(
        late.events.map((e) => [e.type, (e.data as { at?: string }).at, partiesOf(e)]),
      ).toEqual([
        ['SlaAtRisk', '2026-01-22T09:00:00.000Z', atFix],
        ['SlaReassigned', '2026-01-23T09:00:00.000Z', atRival],
      ]);
      const history = [...given, ...late.events];
      expect(when(history, reassignment('2026-01-23T10:00:00.000Z')).events).toEqual([]);
    });

    it('moves nothing on a claim: its SLAs keep their parties', () => {
      const filed = when([], observe(claim, event('ClaimFiled', FILED)));
      const reviewed = when(
        filed.events,
        observe(claim, event('ClaimReviewStarted', '2026-01-12T10:00:00.000Z')),
      );
      expect(reviewed.events.map((e) => e.type)).toEqual(['SlaStopped']);
      expect(
        Object.values(reviewed.state.clocks).map((clock) => clock.parties.serviceCenterId),
      ).toEqual([null, null, null]);
    });
  });

  describe('an SLA whose due time falls after 2199-12-31, the platform’s last date', () => {
    const tiny = {
      id: 'tiny',
      timeZone: 'Pacific/Kiritimati',
      workingDays: [1],
      workingHours: { start: '09:00', end: '09:01' },
      holidays: [],
    };
    const longCheck = {
      ...DEFAULT_SLA_DEFINITIONS[1],
      name: 'long_check',
      target: { amount: 3650, unit: 'business_hours' as const },
    };

    it('is recorded as not computable while the event’s other SLAs start', () => {
      const command = observe(claim, event('ClaimFiled', FILED));
      if (command.type !== 'Observe') throw new Error('an Observe command');
      command.start.push({ definition: longCheck, calendar: tiny, parties });
      const { events, state } = when([], command);
      expect(events.map((e) => [e.type, slaOf(e)])).toEqual([
        ['SlaStarted', 'claim_first_response'],
        ['SlaStarted', 'claim_decision'],
        ['SlaStarted', 'case_resolution'],
        ['SlaNotComputable', 'long_check'],
      ]);
      expect(events[3].data).toMatchObject({
        at: FILED,
        parties,
        reason: expect.stringMatching(/calendar 'tiny'.*after 2199-12-31/),
      });
      expect(Object.keys(state.clocks)).not.toContain('long_check');
      // Seen again, it is not tried again.
      expect(when(events, command).events).toEqual([]);
    });

    it('a calendar-day SLA resumed too late is recorded as not computable and counts no further', () => {
      // Filed 1 December 2199; case resolution (30 calendar days) is due on the last day.
      const started = when([], observe(claim, event('ClaimFiled', '2199-12-01T09:00:00.000Z')));
      expect(only(started.events, 'case_resolution')[0].type).toBe('SlaStarted');
      const paused = when(
        started.events,
        observe(claim, event('ClaimInfoRequested', '2199-12-02T09:00:00.000Z')),
      );
      const history = [...started.events, ...paused.events];
      // Resumed on 20 December: 29 days left would end in January 2200.
      const resumed = when(
        history,
        observe(claim, event('ClaimInfoProvided', '2199-12-20T09:00:00.000Z')),
      );
      expect(resumed.events.map((e) => [e.type, slaOf(e)])).toEqual([
        ['SlaResumed', 'claim_decision'],
        ['SlaNotComputable', 'case_resolution'],
      ]);
      expect(resumed.state.notComputable).toEqual({
        case_resolution: expect.stringContaining('2199-12-31'),
      });
      const closed = when(
        [...history, ...resumed.events],
        observe(claim, event('ClaimClosed', '2199-12-21T09:00:00.000Z')),
      );
      expect(only(closed.events, 'case_resolution')).toEqual([]);
    });
  });

  it('applies a retailer’s override of a target', () => {
    const policy = {
      ...BUILT_IN_POLICY,
      retailerOverrides: {
        acme: { claim_decision: { amount: 1, unit: 'business_days' as const } },
      },
    };
    const filing = event('ClaimFiled', FILED);
    expect(
      slasStartedBy(policy, 'claim', filing, 'acme').find((s) => s.name === 'claim_decision')
        ?.target,
    ).toEqual({ amount: 1, unit: 'business_days' });
    expect(
      slasStartedBy(policy, 'claim', filing, 'other').find((s) => s.name === 'claim_decision')
        ?.target,
    ).toEqual(DEFAULT_SLA_DEFINITIONS[1].target);
  });
});
