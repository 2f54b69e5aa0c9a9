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
  phase: 'running' | 'paused' | 'stopped';
  atRisk: boolean;
  breached: boolean;
  outcome: SlaOutcome | null;
  startedAt: string;
  /** When the target is reached while running; a pause keeps the one from before it. */
  dueAt: string;
  stoppedAt: string | null;
}

type LaterSlaEvent = Exclude<SlaTimerEvent, { type: 'SlaStarted' }>;

/** Pure: a subject's SLAs after one more event of its `sla-` stream. */
export function foldCaseSlas(timers: CaseSlaTimer[], event: SlaTimerEvent): CaseSlaTimer[] {
  if (event.type !== 'SlaStarted')
    return timers.map((timer) => (timer.sla === event.data.sla ? apply(timer, event) : timer));
  const d = event.data;
  if (timers.some((timer) => timer.sla === d.sla)) return timers;
  return [
    ...timers,
    {
      sla: d.sla,
      calendar: d.calendar,
      targetUnit: d.definition.target.unit,
      phase: 'running',
      atRisk: false,
      breached: false,
      outcome: null,
      startedAt: d.startedAt,
      dueAt: d.dueAt,
      stoppedAt: null,
    },
  ];
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
      return { ...timer, atRisk: true, breached: true };
    case 'SlaStopped':
      return { ...timer, phase: 'stopped', outcome: event.data.outcome, stoppedAt: event.data.at };
  }
}
