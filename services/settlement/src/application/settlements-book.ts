import type { Money, Payee, SettledPayable } from '@warranty/contracts/settlement';
import { decodeCursor, encodeCursor, InputValidationError } from '@warranty/platform';
import type { DataSource } from 'typeorm';
import { type LedgerScope, scopeConditions } from './ledger-scope';
import type { Page } from './payables-book';

export type SettlementStatus = 'paid' | 'reversed';

export interface SettlementRecord {
  settlementId: string;
  /** The ledger stream it was recorded on: a reversal is appended there. */
  streamId: string;
  manufacturerId: string;
  payee: Payee;
  status: SettlementStatus;
  total: Money;
  items: SettledPayable[];
  reference: string;
  paidOn: string;
  note: string;
  recordedBy: string;
  recordedAt: string;
  reversal: { reason: string; by: string; at: string } | null;
  /** The ledger revision at which it was recorded, or reversed: its ETag. */
  revision: number;
}

interface SettlementRow {
  settlement_id: string;
  stream_id: string;
  manufacturer_id: string;
  payee_kind: Payee['kind'];
  payee_id: string;
  currency: string;
  total: string;
  items: SettledPayable[];
  reference: string;
  paid_on: string;
  note: string;
  recorded_by: string;
  recorded_at: Date;
  reversed_at: Date | null;
  reversal_reason: string | null;
  reversed_by: string | null;
  revision: number;
  position: string;
}

const COLUMNS = `s.settlement_id, s.stream_id, s.manufacturer_id, s.payee_kind, s.payee_id,
  s.currency, s.total::text AS total, s.items, s.reference, to_char(s.paid_on, 'YYYY-MM-DD') AS paid_on,
  s.note, s.recorded_by, s.recorded_at, s.reversed_at, s.reversal_reason, s.reversed_by,
  s.revision, s.position::text AS position`;

const toSettlement = (row: SettlementRow): SettlementRecord => ({
  settlementId: row.settlement_id,
  streamId: row.stream_id,
  manufacturerId: row.manufacturer_id,
  payee: { kind: row.payee_kind, id: row.payee_id },
  status: row.reversed_at === null ? 'paid' : 'reversed',
  total: { amount: Number(row.total), currency: row.currency },
  items: row.items,
  reference: row.reference,
  paidOn: row.paid_on,
  note: row.note,
  recordedBy: row.recorded_by,
  recordedAt: row.recorded_at.toISOString(),
  reversal:
    row.reversed_at === null
      ? null
      : {
          reason: row.reversal_reason ?? '',
          by: row.reversed_by ?? '',
          at: row.reversed_at.toISOString(),
        },
  revision: row.revision,
});

const MAX_POSITION = 2n ** 63n - 1n;

function readPositionCursor(cursor: string): string {
  const position = decodeCursor(cursor);
  if (!/^\d{1,19}$/.test(position) || BigInt(position) > MAX_POSITION)
    throw new InputValidationError([
      { field: 'cursor', message: 'cursor is not one this list returned' },
    ]);
  return position;
}

/** The settlements read model: every payment recorded, newest first (by global position). */
export class SettlementsBook {
  constructor(private readonly dataSource: DataSource) {}

  async one(scope: LedgerScope, settlementId: string): Promise<SettlementRecord | null> {
    const params: unknown[] = [settlementId];
    const where = ['s.settlement_id = $1', ...scopeConditions(scope, params, 's')];
    const rows: SettlementRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM settlements s WHERE ${where.join(' AND ')}`,
      params,
    );
    return rows.length ? toSettlement(rows[0]) : null;
  }

  /** Newest recorded first. Throws InputValidationError for a bad cursor. */
  async list(
    scope: LedgerScope,
    status: SettlementStatus | undefined,
    cursor: string | undefined,
    limit: number,
  ): Promise<Page<SettlementRecord>> {
    const before = cursor === undefined ? undefined : readPositionCursor(cursor);
    const params: unknown[] = [];
    const where = scopeConditions(scope, params, 's');
    if (status === 'paid') where.push('s.reversed_at IS NULL');
    if (status === 'reversed') where.push('s.reversed_at IS NOT NULL');
    if (before !== undefined) {
      params.push(before);
      where.push(`s.position < $${params.length}::bigint`);
    }
    params.push(limit + 1);
    const rows: SettlementRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS}
         FROM settlements s
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY s.position DESC
        LIMIT $${params.length}`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toSettlement),
      nextCursor: rows.length > limit ? encodeCursor(last.position) : null,
    };
  }
}
