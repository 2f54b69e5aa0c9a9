import { describeDue, dueBasisOf } from '@warranty/business-time';
import type { TimerRow } from '../queries/sla.queries';

/** A timer's `due` text at `now`: the time left or overdue, or how and when it ended. */
export function dueInWords(row: TimerRow, now: Date): string {
  if (row.state === 'not_computable') return `not computable: ${row.notComputableReason}`;
  // A breach happened at the due time, not when the SLA was stopped later.
  if (row.stoppedAt !== null && row.state === 'breached')
    return `breached at ${row.breachedAt ?? row.dueAt}, stopped at ${row.stoppedAt}`;
  if (row.stoppedAt !== null) return `${row.state} at ${row.stoppedAt}`;
  if (row.state === 'paused' || row.dueAt === null)
    return 'paused: the clock stands still until it resumes';
  return describeDue(now, new Date(row.dueAt), row.calendar, dueBasisOf(row.targetUnit));
}
