import { describeDue, dueBasisOf } from '@warranty/business-time';
import type { SlaSubjectKind } from '@warranty/contracts/sla';
import type { EntityManager } from 'typeorm';
import type { CaseSlaTimer } from '../projections/case-sla.fold';
import { instantInWords } from './case-view';

/** One SLA of the case: its subject, state, due time and the time left in words. */
export interface CaseSla {
  subject: SlaSubjectKind;
  subjectId: string;
  sla: string;
  state: 'running' | 'paused' | 'at_risk' | 'breached' | 'met' | 'cancelled' | 'not_computable';
  /** ISO 8601; null while paused, or when it could not be computed. */
  dueAt: string | null;
  /**
   * "due in 1 business day, by Tue 17:00 Europe/Berlin", or the outcome once stopped: "met at …",
   * or "breached at <its due time>, stopped at …".
   */
  timeLeft: string;
}

interface CaseSlaRow {
  subjectKind: SlaSubjectKind;
  subjectId: string;
  timers: CaseSlaTimer[];
}

const SUBJECT_ORDER: SlaSubjectKind[] = ['claim', 'rma', 'repair'];

/** The SLAs of a claim, its RMA and its repair order as the `case_sla` rows hold them. */
export async function readCaseSlaRows(
  manager: EntityManager,
  subjects: Array<{ kind: SlaSubjectKind; id: string | null }>,
): Promise<CaseSlaRow[]> {
  const keys = subjects.filter((s) => s.id !== null).map((s) => `${s.kind}~${s.id}`);
  return (await manager.query(
    `SELECT subject_kind AS "subjectKind", subject_id AS "subjectId", timers
       FROM case_sla WHERE subject_key = ANY($1::text[])`,
    [keys],
  )) as CaseSlaRow[];
}

/** Pure: each SLA of the rows with its time left at `now`, claim first, then RMA and repair. */
export function describeSlas(rows: CaseSlaRow[], now: Date): CaseSla[] {
  return [...rows]
    .sort((a, b) => SUBJECT_ORDER.indexOf(a.subjectKind) - SUBJECT_ORDER.indexOf(b.subjectKind))
    .flatMap((row) =>
      [...row.timers]
        .sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : 0))
        .map((timer) => describeSla(row, timer, now)),
    );
}

function describeSla(row: CaseSlaRow, timer: CaseSlaTimer, now: Date): CaseSla {
  const base = { subject: row.subjectKind, subjectId: row.subjectId, sla: timer.sla };
  if (timer.phase === 'stopped') {
    const outcome = timer.outcome ?? 'met';
    const stopped = timer.stoppedAt ? ` at ${instantInWords(timer.stoppedAt)}` : '';
    // A breach happened at the due time, not when the SLA was stopped later.
    const breachedAt = timer.breachedAt ?? timer.dueAt;
    const timeLeft =
      outcome === 'breached' && breachedAt
        ? `breached at ${instantInWords(breachedAt)}, stopped${stopped}`
        : `${outcome}${stopped}`;
    return { ...base, state: outcome, dueAt: timer.dueAt, timeLeft };
  }
  if (timer.phase === 'not_computable' || timer.dueAt === null)
    return {
      ...base,
      state: 'not_computable',
      dueAt: null,
      timeLeft: `not computable: ${timer.notComputable}`,
    };
  if (timer.phase === 'paused')
    return {
      ...base,
      state: 'paused',
      dueAt: null,
      timeLeft: 'paused: the clock stands still until it resumes',
    };
  return {
    ...base,
    state: timer.breached ? 'breached' : timer.atRisk ? 'at_risk' : 'running',
    dueAt: timer.dueAt,
    timeLeft: describeDue(now, new Date(timer.dueAt), timer.calendar, dueBasisOf(timer.targetUnit)),
  };
}
