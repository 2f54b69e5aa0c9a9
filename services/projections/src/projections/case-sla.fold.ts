import type {
  BusinessCalendarData,
  SlaOutcome,
  SlaTargetUnit,
  SlaTimerEvent,
} from '@warranty/contracts/sla';

/** One SLA of a subject as the case view needs it. */
export interface CaseSlaTimer {
  sla: string;
  calendar: BusinessCalendarData;
  /** The unit of the SLA's target; absent on a timer folded before it was kept (business time). */
  targetUnit?: SlaTargetUnit;
  phase: 'running' | 'paused' | 'stopped' | 'not_computable';
  atRisk: boolean;
  breached: boolean;
  outcome: SlaOutcome | null;
  startedAt: string;
  /** When the target is reached while running; a pause keeps the one from before it; null when not computable. */
  dueAt: string | null;
  stoppedAt: string | null;
  /** When it breached (its due time then); absent before it did, or on a timer folded before this was kept. */
  breachedAt?: string;
  /** Why its due time could not be computed; absent otherwise. */
  notComputable?: string;
}

type LaterSlaEvent = Exclude<SlaTimerEvent, { type: 'SlaStarted' }>;

/** Pure: a subject's SLAs after one more event of its `sla-` stream. */
export function foldCaseSlas(timers: CaseSlaTimer[], event: SlaTimerEvent): CaseSlaTimer[] {
  const known = timers.some((timer) => timer.sla === event.data.sla);
  if (event.type === 'SlaStarted' || (event.type === 'SlaNotComputable' && !known))
    return known ? timers : [...timers, first(event)];
  return timers.map((timer) => (timer.sla === event.data.sla ? apply(timer, event) : timer));
}

/** The SLA as its first event shows it: started, or found not computable instead. */
function first(event: Extract<SlaTimerEvent, { type: 'SlaStarted' | 'SlaNotComputable' }>) {
  const d = event.data;
  const timer: CaseSlaTimer = {
    sla: d.sla,
    calendar: d.calendar,
    targetUnit: d.definition.target.unit,
    phase: 'running',
    atRisk: false,
    breached: false,
    outcome: null,
    startedAt: event.type === 'SlaStarted' ? event.data.startedAt : event.data.at,
    dueAt: event.type === 'SlaStarted' ? event.data.dueAt : null,
    stoppedAt: null,
  };
  return event.type === 'SlaStarted'
    ? timer
    : { ...timer, phase: 'not_computable' as const, notComputable: event.data.reason };
}

function apply(timer: CaseSlaTimer, event: LaterSlaEvent): CaseSlaTimer {
  switch (event.type) {
    case 'SlaPaused':
      return { ...timer, phase: 'paused' };
    case 'SlaResumed':
      return { ...timer, phase: 'running', dueAt: event.data.dueAt };
    case 'SlaAtRisk':
      return { ...timer, atRisk: true };
    case 'SlaBreached':
      return { ...timer, atRisk: true, breached: true, breachedAt: event.data.at };
    case 'SlaStopped':
      return { ...timer, phase: 'stopped', outcome: event.data.outcome, stoppedAt: event.data.at };
    case 'SlaNotComputable':
      return { ...timer, phase: 'not_computable', dueAt: null, notComputable: event.data.reason };
  }
}
