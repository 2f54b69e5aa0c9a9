import type { Actor } from '@warranty/eventsourcing';
import { decodeCursor, encodeCursor, InputValidationError, maySee } from '@warranty/platform';
import type { ProjectionRunner, ReadOptions } from '@warranty/read-models';
import type { DataSource } from 'typeorm';
import { SLA_TIMERS } from '../projections/sla-timers.projection';

export const SLA_STATES = [
  'running',
  'paused',
  'at_risk',
  'breached',
  'met',
  'cancelled',
  'not_computable',
] as const;
export type SlaState = (typeof SLA_STATES)[number];

export const KPI_GROUPS = ['manufacturer', 'retailer', 'category', 'month'] as const;
export type KpiGroup = (typeof KPI_GROUPS)[number];

export const MAX_TIMER_PAGE = 200;

export interface TimerFilters {
  subjectId?: string;
  sla?: string;
  state?: SlaState;
  atRisk?: boolean;
  breached?: boolean;
  /** Any party: manufacturer, retailer or service center. */
  party?: string;
  dueBefore?: string;
}

export interface TimerRow {
  subjectKind: string;
  subjectId: string;
  sla: string;
  state: string;
  atRisk: boolean;
  breached: boolean;
  manufacturerId: string;
  retailerId: string | null;
  serviceCenterId: string | null;
  category: string | null;
  startedAt: string;
  /** Null when the due time could not be computed (state not_computable). */
  atRiskAt: string | null;
  dueAt: string | null;
  stoppedAt: string | null;
  /** When it breached (its due time then); null if it has not, or on a row from before it was kept. */
  breachedAt: string | null;
  budgetMs: number;
  usedMs: number;
  /** Why the due time could not be computed; null otherwise. */
  notComputableReason: string | null;
  /** The unit of the SLA's target; null on a row from before it was kept (business time). */
  targetUnit: string | null;
  calendar: {
    id: string;
    timeZone: string;
    workingDays: number[];
    workingHours: { start: string; end: string };
    holidays: string[];
  };
}

export interface KpiRow {
  group: string | null;
  sla: string;
  count: number;
  open: number;
  met: number;
  breached: number;
  cancelled: number;
  breachRate: number | null;
  p50Ms: number | null;
  p90Ms: number | null;
}

const COLUMNS = `subject_kind, subject_id, subject_key, sla, state, at_risk, breached, manufacturer_id,
  retailer_id, service_center_id, category, started_at, at_risk_at, due_at, stopped_at, budget_ms,
  used_ms, calendar, target_unit, not_computable_reason, breached_at`;

const GROUP_KEYS: Record<KpiGroup, string> = {
  manufacturer: 'manufacturer_id',
  retailer: 'retailer_id',
  category: 'category',
  month: `to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM')`,
};

// The KPI buckets partition `count` by state: open (not yet breached), met, and breached whether
// stopped or still running; cancelled and not computable timers are in none of them.
const OPEN = `'running', 'paused', 'at_risk'`;
const COUNTED = `${OPEN}, 'met', 'breached'`;

/** What a role may see of sla_timers, as SQL over the parties (the shared access rule, SPEC 1). */
function scopeOf(actor: Actor, values: unknown[]): string | null {
  const bind = (value: unknown) => `$${values.push(value)}`;
  switch (actor.role) {
    case 'retailer':
      return `retailer_id = ${bind(actor.tenantId)}`;
    case 'manufacturer':
      return `manufacturer_id = ${bind(actor.tenantId)}`;
    case 'service_center':
      return `service_center_id = ${bind(actor.tenantId)}`;
    case 'auditor':
    case 'admin':
      return 'true';
    default:
      return null;
  }
}

/** The SLA read models' queries: timers by due time, one subject's SLAs, and KPIs in SQL. */
export class SlaQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly runner: ProjectionRunner,
  ) {}

  async timers(
    actor: Actor,
    filters: TimerFilters,
    page: { cursor?: string; limit?: number },
    read: ReadOptions = {},
  ): Promise<{ items: TimerRow[]; nextCursor: string | null }> {
    const after = page.cursor === undefined ? undefined : readTimerCursor(page.cursor);
    await this.runner.awaitRead(SLA_TIMERS, read);
    const values: unknown[] = [];
    const scope = scopeOf(actor, values);
    if (scope === null) return { items: [], nextCursor: null };
    const bind = (value: unknown) => `$${values.push(value)}`;
    const where = [scope];
    if (filters.subjectId !== undefined) where.push(`subject_id = ${bind(filters.subjectId)}`);
    if (filters.sla !== undefined) where.push(`sla = ${bind(filters.sla)}`);
    if (filters.state !== undefined) where.push(`state = ${bind(filters.state)}`);
    if (filters.atRisk !== undefined) where.push(`at_risk = ${bind(filters.atRisk)}`);
    if (filters.breached !== undefined) where.push(`breached = ${bind(filters.breached)}`);
    if (filters.party !== undefined) {
      const party = bind(filters.party);
      where.push(
        `(manufacturer_id = ${party} OR retailer_id = ${party} OR service_center_id = ${party})`,
      );
    }
    if (filters.dueBefore !== undefined)
      where.push(`due_at < ${bind(filters.dueBefore)}::timestamptz`);
    if (after) {
      // Timers with no due time (not computable) come last, in key order.
      const key = `${bind(after.subjectKey)}::text, ${bind(after.sla)}::text`;
      where.push(
        after.dueAt === null
          ? `(due_at IS NULL AND (subject_key, sla) > (${key}))`
          : `((due_at, subject_key, sla) > (${bind(after.dueAt)}::timestamptz, ${key}) OR due_at IS NULL)`,
      );
    }
    const limit = page.limit ?? 50;
    const rows = await this.dataSource.query<RawTimer[]>(
      `SELECT ${COLUMNS} FROM sla_timers WHERE ${where.join(' AND ')}
       ORDER BY due_at, subject_key, sla LIMIT ${bind(limit + 1)}`,
      values,
    );
    const items = rows
      .slice(0, limit)
      .map(toTimer)
      .filter((row) => maySee(actor, partiesOf(row)));
    const last = rows.length > limit ? rows[limit - 1] : undefined;
    return {
      items,
      nextCursor: last
        ? encodeCursor(
            JSON.stringify([last.due_at?.toISOString() ?? null, last.subject_key, last.sla]),
          )
        : null,
    };
  }

  /** Every SLA of a claim, RMA or repair order the caller may see. */
  async subject(actor: Actor, subjectId: string, read: ReadOptions = {}): Promise<TimerRow[]> {
    await this.runner.awaitRead(SLA_TIMERS, read);
    const rows = await this.dataSource.query<RawTimer[]>(
      `SELECT ${COLUMNS} FROM sla_timers WHERE subject_id = $1 ORDER BY due_at, sla`,
      [subjectId],
    );
    return rows.map(toTimer).filter((row) => maySee(actor, partiesOf(row)));
  }

  /** Counts, breach rate and p50/p90 of the time used, per group and SLA; percentiles in SQL. */
  async kpis(actor: Actor, groupBy: KpiGroup, sla?: string): Promise<KpiRow[]> {
    const values: unknown[] = [];
    const scope = scopeOf(actor, values);
    if (scope === null) return [];
    const where = [scope];
    if (sla !== undefined) where.push(`sla = $${values.push(sla)}`);
    const done = `phase = 'stopped' AND outcome <> 'cancelled'`;
    const rows = await this.dataSource.query<RawKpi[]>(
      `SELECT ${GROUP_KEYS[groupBy]} AS grp, sla,
         count(*) FILTER (WHERE state IN (${COUNTED}))::int AS count,
         count(*) FILTER (WHERE state IN (${OPEN}))::int AS open,
         count(*) FILTER (WHERE state = 'met')::int AS met,
         count(*) FILTER (WHERE state = 'breached')::int AS breached,
         count(*) FILTER (WHERE state = 'cancelled')::int AS cancelled,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY used_ms) FILTER (WHERE ${done}) AS p50,
         percentile_cont(0.9) WITHIN GROUP (ORDER BY used_ms) FILTER (WHERE ${done}) AS p90
       FROM sla_timers WHERE ${where.join(' AND ')}
       GROUP BY 1, 2 ORDER BY 1 NULLS LAST, 2`,
      values,
    );
    return rows.map((r) => {
      const decided = r.met + r.breached;
      return {
        group: r.grp,
        sla: r.sla,
        count: r.count,
        open: r.open,
        met: r.met,
        breached: r.breached,
        cancelled: r.cancelled,
        breachRate: decided === 0 ? null : r.breached / decided,
        p50Ms: r.p50 === null ? null : Number(r.p50),
        p90Ms: r.p90 === null ? null : Number(r.p90),
      };
    });
  }
}

interface RawTimer {
  subject_kind: string;
  subject_id: string;
  subject_key: string;
  sla: string;
  state: string;
  at_risk: boolean;
  breached: boolean;
  manufacturer_id: string;
  retailer_id: string | null;
  service_center_id: string | null;
  category: string | null;
  started_at: Date;
  at_risk_at: Date | null;
  due_at: Date | null;
  stopped_at: Date | null;
  breached_at: Date | null;
  budget_ms: string;
  used_ms: string;
  calendar: TimerRow['calendar'];
  target_unit: string | null;
  not_computable_reason: string | null;
}

interface RawKpi {
  grp: string | null;
  sla: string;
  count: number;
  open: number;
  met: number;
  breached: number;
  cancelled: number;
  p50: number | string | null;
  p90: number | string | null;
}

function toTimer(r: RawTimer): TimerRow {
  return {
    subjectKind: r.subject_kind,
    subjectId: r.subject_id,
    sla: r.sla,
    state: r.state,
    atRisk: r.at_risk,
    breached: r.breached,
    manufacturerId: r.manufacturer_id,
    retailerId: r.retailer_id,
    serviceCenterId: r.service_center_id,
    category: r.category,
    startedAt: r.started_at.toISOString(),
    atRiskAt: r.at_risk_at?.toISOString() ?? null,
    dueAt: r.due_at?.toISOString() ?? null,
    stoppedAt: r.stopped_at?.toISOString() ?? null,
    breachedAt: r.breached_at?.toISOString() ?? null,
    budgetMs: Number(r.budget_ms),
    usedMs: Number(r.used_ms),
    targetUnit: r.target_unit,
    notComputableReason: r.not_computable_reason,
    calendar: r.calendar,
  };
}

const partiesOf = (row: TimerRow) => ({
  manufacturerId: row.manufacturerId,
  retailerId: row.retailerId,
  serviceCenterIds: row.serviceCenterId ? [row.serviceCenterId] : [],
});

function readTimerCursor(cursor: string): {
  dueAt: string | null;
  subjectKey: string;
  sla: string;
} {
  const key = decodeCursor(cursor);
  try {
    const [dueAt, subjectKey, sla] = JSON.parse(key) as unknown[];
    if (
      (dueAt === null || (typeof dueAt === 'string' && !Number.isNaN(Date.parse(dueAt)))) &&
      typeof subjectKey === 'string' &&
      typeof sla === 'string'
    )
      return { dueAt, subjectKey, sla };
  } catch {
    // Falls through to the same refusal as any other foreign cursor.
  }
  throw new InputValidationError([
    { field: 'cursor', message: 'cursor is not one this list returned' },
  ]);
}
