import type { BusinessCalendarData, SlaDefinition, SlaTarget } from '@warranty/contracts/sla';
import { budgetMs, deadlineOrWhyNot, measureFor } from './sla-measure';
import { STARTING_EVENTS, SUBJECT_EVENTS, subjectInWords } from './subject-events';

export interface FieldProblem {
  field: string;
  message: string;
}

/** The largest target amount a policy may set, in any unit. */
export const MAX_TARGET_AMOUNT = 3650;

const TRIGGER_LISTS = ['start', 'stop', 'pause', 'resume', 'cancel'] as const;

/**
 * SLA definitions that could never work: a trigger on an event their subject never has, a start on
 * an event that does not name the manufacturer, a pause with nothing to resume it, a name twice.
 */
export function definitionProblems(slas: SlaDefinition[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const names = new Set<string>();
  slas.forEach((sla, i) => {
    if (names.has(sla.name))
      problems.push({ field: `slas[${i}].name`, message: `${sla.name} is listed twice` });
    names.add(sla.name);
    const subject = subjectInWords(sla.subject);
    for (const list of TRIGGER_LISTS)
      sla[list].forEach(({ eventType }, j) => {
        const field = `slas[${i}].${list}[${j}].eventType`;
        if (!SUBJECT_EVENTS[sla.subject].includes(eventType))
          problems.push({
            field,
            message: `${eventType} is not an event of ${subject}, so it never reaches this SLA; ${subject} has ${SUBJECT_EVENTS[sla.subject].join(', ')}`,
          });
        else if (list === 'start' && !STARTING_EVENTS[sla.subject].includes(eventType))
          problems.push({
            field,
            message: `${eventType} does not name the manufacturer, whose policy the SLA needs, so it cannot start one; ${subject}'s SLAs start on ${STARTING_EVENTS[sla.subject].join(' or ')}`,
          });
      });
    if (sla.pause.length > 0 && sla.resume.length === 0)
      problems.push({
        field: `slas[${i}].resume`,
        message:
          'an SLA that pauses must name the events that resume it, or it stands still for good',
      });
  });
  return problems;
}

/** Retailer overrides that name no SLA of the policy, or the same retailer and SLA twice. */
export function overrideProblems(
  overrides: Array<{ retailerId: string; sla: string }>,
  slaNames: string[],
): FieldProblem[] {
  const seen = new Set<string>();
  return overrides.flatMap(({ retailerId, sla }, i) => {
    const key = `${retailerId} ${sla}`;
    const twice = seen.has(key);
    seen.add(key);
    if (!slaNames.includes(sla))
      return [
        {
          field: `retailerOverrides[${i}].sla`,
          message: `${sla} is not an SLA of the policy (${slaNames.join(', ')})`,
        },
      ];
    return twice
      ? [{ field: `retailerOverrides[${i}]`, message: `${retailerId}'s ${sla} is listed twice` }]
      : [];
  });
}

/** A target to check against the calendar, with the field to blame and its name in words. */
export interface TargetToCheck {
  field: string;
  label: string;
  target: SlaTarget;
}

/** Whether the target, counted from `now` on the calendar, comes due by 2199-12-31. */
export function dueInRange(target: SlaTarget, calendar: BusinessCalendarData, now: Date): boolean {
  const due = deadlineOrWhyNot(() => ({
    at: measureFor(target, calendar).add(now, budgetMs(target, calendar)),
  }));
  return !('whyNot' in due);
}

/**
 * Targets whose due time, counted from `now` on the calendar, would fall after 2199-12-31, the
 * platform's last date: a timer started on them could never be given a due time.
 */
export function targetsOutOfRange(
  targets: TargetToCheck[],
  calendar: BusinessCalendarData,
  now: Date,
): FieldProblem[] {
  return targets
    .filter(({ target }) => !dueInRange(target, calendar, now))
    .map(({ field, label, target }) => ({
      field,
      message: `${label}: ${target.amount} ${target.unit} counted from now on calendar '${calendar.id}' would come due after 2199-12-31, the platform's last date; lower the target or pick a calendar with more working time`,
    }));
}

/**
 * A calendar too sparse for the largest business target a policy may set, counted from `now`: a
 * policy on it could set a target that never comes due within the platform's dates.
 */
export function calendarCapacityProblems(
  calendar: BusinessCalendarData,
  now: Date,
): FieldProblem[] {
  const short = (['business_hours', 'business_days'] as const).find(
    (unit) => !dueInRange({ amount: MAX_TARGET_AMOUNT, unit }, calendar, now),
  );
  if (!short) return [];
  return [
    {
      field: 'workingHours',
      message: `too little working time: ${MAX_TARGET_AMOUNT} ${short}, the largest target a policy may set, counted from now would come due after 2199-12-31, the platform's last date; widen workingHours, add workingDays or drop holidays`,
    },
  ];
}
