import { Client } from 'pg';
import { DEFAULT_BUSINESS_CALENDAR } from '@warranty/business-time';

const MANUFACTURERS = ['acme', 'bolt', 'core'];
const RETAILERS = ['shop-a', 'shop-b', 'shop-c', 'shop-d', null];
const CATEGORIES = ['motor', 'display', 'battery', null];
const SLAS = ['claim_decision', 'claim_first_response'];
const OUTCOMES = ['met', 'met', 'met', 'breached', 'cancelled', null];

export interface GeneratedTimer {
  manufacturer: string;
  retailer: string | null;
  category: string | null;
  sla: string;
  month: string;
  outcome: string | null;
  breached: boolean;
  usedMs: number;
}

/** A deterministic data set: the same 10,000 timers on every run. */
export function generateTimers(count: number): GeneratedTimer[] {
  let seed = 42;
  const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)];
  return Array.from({ length: count }, () => {
    const outcome = pick(OUTCOMES);
    return {
      manufacturer: pick(MANUFACTURERS),
      retailer: pick(RETAILERS),
      category: pick(CATEGORIES),
      sla: pick(SLAS),
      month: `2026-${String(1 + Math.floor(next() * 12)).padStart(2, '0')}`,
      outcome,
      // A running timer may already be breached, and a breached one may be cancelled since.
      breached:
        outcome === 'breached' || ((outcome === null || outcome === 'cancelled') && next() < 0.3),
      usedMs: Math.floor(next() * 200 * 3_600_000),
    };
  });
}

/** Writes generated rows straight into sla_timers, as the projection would have. */
export async function insertTimers(databaseUrl: string, rows: GeneratedTimer[]): Promise<void> {
  const sql = new Client({ connectionString: databaseUrl });
  await sql.connect();
  try {
    await sql.query(
      `INSERT INTO sla_timers (subject_key, sla, subject_kind, subject_id, manufacturer_id,
         retailer_id, category, phase, at_risk, breached, outcome, budget_ms, used_ms, calendar,
         started_at, running_since, at_risk_at, due_at, stopped_at)
       SELECT 'claim~k' || i, sla, 'claim', 'k' || i, m, r, c,
         CASE WHEN o IS NULL THEN 'running' ELSE 'stopped' END, b, b, o, 86400000, u, $10::jsonb,
         (mo || '-10T09:00:00Z')::timestamptz, (mo || '-10T09:00:00Z')::timestamptz,
         (mo || '-11T09:00:00Z')::timestamptz, (mo || '-12T09:00:00Z')::timestamptz,
         CASE WHEN o IS NULL THEN NULL ELSE (mo || '-13T09:00:00Z')::timestamptz END
       FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
         $7::boolean[], $8::bigint[], $9::text[]) AS t(i, sla, m, r, c, o, b, u, mo)`,
      [
        rows.map((_, i) => i),
        rows.map((r) => r.sla),
        rows.map((r) => r.manufacturer),
        rows.map((r) => r.retailer),
        rows.map((r) => r.category),
        rows.map((r) => r.outcome),
        rows.map((r) => r.breached),
        rows.map((r) => r.usedMs),
        rows.map((r) => r.month),
        JSON.stringify(DEFAULT_BUSINESS_CALENDAR),
      ],
    );
  } finally {
    await sql.end();
  }
}
