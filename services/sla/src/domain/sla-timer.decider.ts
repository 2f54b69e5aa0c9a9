import { evolveCaseParties } from '@warranty/contracts/parties';
import type {
  BusinessCalendarData,
  SlaDefinition,
  SlaOutcome,
  SlaParties,
  SlaStreamEvent,
  SlaSubject,
  SlaTimerEvent,
} from '@warranty/contracts/sla';
import type { Decider } from '@warranty/eventsourcing';
import { budgetMs, deadlineOrWhyNot, measureFor } from './sla-measure';
import { type ObservedEvent, triggers } from './sla-triggers';

export const AT_RISK_SHARE = 0.8;

/** One SLA on one subject, as its stream says. */
export interface SlaClock {
  sla: string;
  phase: 'running' | 'paused' | 'stopped';
  atRisk: boolean;
  breached: boolean;
  outcome: SlaOutcome | null;
  definition: SlaDefinition;
  calendar: BusinessCalendarData;
  parties: SlaParties;
  budgetMs: number;
  startedAt: string;
  /** Time used before `runningSince` (the pauses' edges). */
  usedMs: number;
  runningSince: string;
  atRiskAt: string;
  dueAt: string;
  stoppedAt: string | null;
}

export interface SlaTimers {
  subject: SlaSubject | null;
  clocks: Record<string, SlaClock>;
  /** SLAs whose due time could not be computed, with why: they count no further. */
  notComputable: Record<string, string>;
}

/** An SLA that this event starts, resolved from the policy by the caller. */
export interface SlaToStart {
  definition: SlaDefinition;
  calendar: BusinessCalendarData;
  parties: SlaParties;
}

export type SlaTimerCommand =
  | { type: 'Observe'; subject: SlaSubject; event: ObservedEvent; start: SlaToStart[] }
  /** A durable timer fired for `at`: raise what was due by then. */
  | { type: 'ReachDeadlines'; at: string };

/** The state a reader shows: running, paused, at_risk, breached, or how it ended. */
export function displayState(clock: SlaClock): string {
  if (clock.phase === 'stopped') return clock.outcome ?? 'met';
  if (clock.breached) return 'breached';
  if (clock.atRisk) return 'at_risk';
  return clock.phase;
}

const iso = (date: Date) => date.toISOString();

function deadlines(clock: SlaClock, from: Date, usedMs: number) {
  const measure = measureFor(clock.definition.target, clock.calendar);
  const atRiskLeft = Math.max(0, clock.budgetMs * AT_RISK_SHARE - usedMs);
  return {
    atRiskAt: iso(measure.add(from, atRiskLeft)),
    dueAt: iso(measure.add(from, Math.max(0, clock.budgetMs - usedMs))),
  };
}

function usedBy(clock: SlaClock, at: string): number {
  if (clock.phase !== 'running') return clock.usedMs;
  const measure = measureFor(clock.definition.target, clock.calendar);
  return clock.usedMs + measure.between(new Date(clock.runningSince), new Date(at));
}

/** SlaAtRisk and SlaBreached that fell due by `at`, each at its own instant, once. */
function dueBy(state: SlaTimers, at: string): SlaTimerEvent[] {
  const events: SlaTimerEvent[] = [];
  const subject = state.subject;
  if (!subject) return events;
  for (const clock of Object.values(state.clocks)) {
    if (clock.phase !== 'running') continue;
    const base = { subject, sla: clock.sla, parties: clock.parties, dueAt: clock.dueAt };
    if (!clock.atRisk && clock.atRiskAt <= at)
      events.push({ type: 'SlaAtRisk', data: { ...base, at: clock.atRiskAt } });
    if (!clock.breached && clock.dueAt <= at)
      events.push({ type: 'SlaBreached', data: { ...base, at: clock.dueAt } });
  }
  return events;
}

/** SlaReassigned when the event hands the subject to other parties: a repair order's new service center. */
function reassigned(state: SlaTimers, subject: SlaSubject, event: ObservedEvent): SlaStreamEvent[] {
  const held = Object.values(state.clocks)[0]?.parties;
  if (!held) return [];
  const after = evolveCaseParties(held, event.type, event.data);
  if (
    !after ||
    (after.manufacturerId === held.manufacturerId &&
      after.retailerId === held.retailerId &&
      after.serviceCenterId === held.serviceCenterId)
  )
    return [];
  const parties = { ...held, ...after };
  return [{ type: 'SlaReassigned', data: { subject, parties, at: event.at, causedBy: event.id } }];
}

function observe(
  state: SlaTimers,
  command: Extract<SlaTimerCommand, { type: 'Observe' }>,
): SlaStreamEvent[] {
  const { event, subject } = command;
  const at = event.at;
  const events: SlaStreamEvent[] = dueBy(state, at);
  const current = events.reduce(evolve, { ...state, subject: state.subject ?? subject });
  events.push(...reassigned(current, subject, event));
  const causedBy = event.id;
  for (const clock of Object.values(current.clocks)) {
    if (clock.phase === 'stopped') continue;
    const { sla, definition } = clock;
    const ends: SlaOutcome | null = triggers(definition.cancel, event)
      ? 'cancelled'
      : triggers(definition.stop, event)
        ? clock.breached
          ? 'breached'
          : 'met'
        : null;
    if (ends) {
      const usedMs = usedBy(clock, at);
      events.push({
        type: 'SlaStopped',
        data: { subject, sla, at, outcome: ends, usedMs, causedBy },
      });
    } else if (clock.phase === 'running' && triggers(definition.pause, event)) {
      events.push({
        type: 'SlaPaused',
        data: { subject, sla, at, usedMs: usedBy(clock, at), causedBy },
      });
    } else if (clock.phase === 'paused' && triggers(definition.resume, event)) {
      const due = deadlineOrWhyNot(() => deadlines(clock, new Date(at), clock.usedMs));
      events.push(
        'whyNot' in due
          ? notComputable(subject, clock, at, due.whyNot, causedBy)
          : { type: 'SlaResumed', data: { subject, sla, at, ...due, causedBy } },
      );
    }
  }
  for (const { definition, calendar, parties } of command.start) {
    if (current.clocks[definition.name] || current.notComputable[definition.name]) continue;
    const budget = budgetMs(definition.target, calendar);
    const measure = measureFor(definition.target, calendar);
    const start = new Date(at);
    const due = deadlineOrWhyNot(() => ({
      atRiskAt: iso(measure.add(start, budget * AT_RISK_SHARE)),
      dueAt: iso(measure.add(start, budget)),
    }));
    const sla = { sla: definition.name, parties, definition, calendar, budgetMs: budget };
    events.push(
      'whyNot' in due
        ? notComputable(subject, sla, at, due.whyNot, causedBy)
        : { type: 'SlaStarted', data: { subject, ...sla, startedAt: at, ...due, causedBy } },
    );
  }
  return events;
}

function notComputable(
  subject: SlaSubject,
  { sla, parties, definition, calendar, budgetMs }: SlaToRecord,
  at: string,
  reason: string,
  causedBy: string,
): SlaStreamEvent {
  return {
    type: 'SlaNotComputable',
    data: { subject, sla, parties, definition, calendar, budgetMs, at, reason, causedBy },
  };
}

type SlaToRecord = Pick<SlaClock, 'sla' | 'parties' | 'definition' | 'calendar' | 'budgetMs'>;

function evolve(state: SlaTimers, event: SlaStreamEvent): SlaTimers {
  if (event.type === 'SlaReassigned') {
    const { parties } = event.data;
    const clocks = Object.values(state.clocks).map((clock) => [clock.sla, { ...clock, parties }]);
    return {
      ...state,
      subject: state.subject ?? event.data.subject,
      clocks: Object.fromEntries(clocks),
    };
  }
  const { data } = event;
  if (event.type === 'SlaNotComputable') {
    const { [data.sla]: _ended, ...clocks } = state.clocks;
    return {
      subject: state.subject ?? data.subject,
      clocks,
      notComputable: { ...state.notComputable, [data.sla]: event.data.reason },
    };
  }
  const clock = state.clocks[data.sla];
  const put = (next: SlaClock): SlaTimers => ({
    ...state,
    subject: state.subject ?? data.subject,
    clocks: { ...state.clocks, [data.sla]: next },
  });
  switch (event.type) {
    case 'SlaStarted': {
      const d = event.data;
      return put({
        sla: d.sla,
        phase: 'running',
        atRisk: false,
        breached: false,
        outcome: null,
        definition: d.definition,
        calendar: d.calendar,
        parties: d.parties,
        budgetMs: d.budgetMs,
        startedAt: d.startedAt,
        usedMs: 0,
        runningSince: d.startedAt,
        atRiskAt: d.atRiskAt,
        dueAt: d.dueAt,
        stoppedAt: null,
      });
    }
    case 'SlaPaused':
      return put({ ...clock, phase: 'paused', usedMs: event.data.usedMs });
    case 'SlaResumed': {
      const { at, atRiskAt, dueAt } = event.data;
      return put({ ...clock, phase: 'running', runningSince: at, atRiskAt, dueAt });
    }
    case 'SlaAtRisk':
      return put({ ...clock, atRisk: true });
    case 'SlaBreached':
      return put({ ...clock, atRisk: true, breached: true });
    case 'SlaStopped':
      return put({
        ...clock,
        phase: 'stopped',
        outcome: event.data.outcome,
        usedMs: event.data.usedMs,
        stoppedAt: event.data.at,
      });
  }
}

/**
 * The SLA timers of one subject (`sla-{kind}~{id}`): started, paused, resumed and stopped by the
 * subject's own events, at-risk and breached at instants computed from those events' times, so a
 * replay or a late delivery raises the same events at the same instants, each once.
 */
export const slaTimerDecider: Decider<SlaTimerCommand, SlaStreamEvent, SlaTimers> = {
  initialState: { subject: null, clocks: {}, notComputable: {} },
  decide: (command, state) =>
    command.type === 'Observe' ? observe(state, command) : dueBy(state, command.at),
  evolve,
};

/** The instants a durable timer must wake the SLA up at: each running clock's next deadline. */
export function nextDeadlines(
  state: SlaTimers,
): { sla: string; kind: 'at_risk' | 'breach'; at: string }[] {
  return Object.values(state.clocks)
    .filter((clock) => clock.phase === 'running')
    .flatMap((clock) => [
      ...(clock.atRisk ? [] : [{ sla: clock.sla, kind: 'at_risk' as const, at: clock.atRiskAt }]),
      ...(clock.breached ? [] : [{ sla: clock.sla, kind: 'breach' as const, at: clock.dueAt }]),
    ]);
}
