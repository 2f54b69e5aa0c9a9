import type { Money, Payee, PayableSourceKind } from '@warranty/contracts/settlement';
import {
  cursorInstantSql,
  decodeCursor,
  encodeCursor,
  InputValidationError,
  readKeysetCursor,
  writeKeysetCursor,
} from '@warranty/platform';
import { hasUnsafeText } from '@warranty/platform/validation/unsafe-text';
import type { DataSource } from 'typeorm';
import type { Payable } from '../domain/payables';
import { type LedgerScope, scopeConditions } from './ledger-scope';

export type PayableStatus = 'open' | 'settled';

export interface PayableRecord extends Payable {
  status: PayableStatus;
  settlementId: string | null;
  paidOn: string | null;
}

export interface PayableFilters {
  status?: PayableStatus;
  currency?: string;
  /** An instant: only what was owed by then. */
  owedThrough?: string;
  settlementId?: string;
}

export interface Balance {
  manufacturerId: string;
  payee: Payee;
  currency: string;
  openCount: number;
  open: Money;
  oldestOwedSince: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

interface PayableRow {
  payable_id: string;
  manufacturer_id: string;
  payee_kind: Payee['kind'];
  payee_id: string;
  source_kind: PayableSourceKind;
  source_id: string;
  line_id: string | null;
  amount: string;
  currency: string;
  owed_since: Date;
  settlement_id: string | null;
  paid_on: string | null;
  cursor_at?: string;
}

const PAYABLE_COLUMNS = `p.payable_id, p.manufacturer_id, p.payee_kind, p.payee_id, p.source_kind,
  p.source_id, p.line_id, p.amount::text AS amount, p.currency, p.owed_since, p.settlement_id,
  to_char(p.paid_on, 'YYYY-MM-DD') AS paid_on`;

const toPayable = (row: PayableRow): PayableRecord => ({
  payableId: row.payable_id,
  manufacturerId: row.manufacturer_id,
  payee: { kind: row.payee_kind, id: row.payee_id },
  source: { kind: row.source_kind, id: row.source_id, lineId: row.line_id },
  amount: { amount: Number(row.amount), currency: row.currency },
  owedSince: row.owed_since.toISOString(),
  status: row.settlement_id === null ? 'open' : 'settled',
  settlementId: row.settlement_id,
  paidOn: row.paid_on,
});

/** The payables read model: what manufacturers owe, open or settled. */
export class PayablesBook {
  constructor(private readonly dataSource: DataSource) {}

  /** The named payables this manufacturer owes this payee, by id; ids it does not owe are absent. */
  async owedTo(
    manufacturerId: string,
    payee: Payee,
    payableIds: string[],
  ): Promise<Map<string, PayableRecord>> {
    const rows: PayableRow[] = await this.dataSource.query(
      `SELECT ${PAYABLE_COLUMNS} FROM settlement_payables p
        WHERE p.payable_id = ANY($1::text[]) AND p.manufacturer_id = $2
          AND p.payee_kind = $3 AND p.payee_id = $4`,
      [payableIds, manufacturerId, payee.kind, payee.id],
    );
    return new Map(rows.map((row) => [row.payable_id, toPayable(row)]));
  }

  /** Oldest owed first, a page at a time. Throws InputValidationError for a bad cursor. */
  async list(
    scope: LedgerScope,
    filters: PayableFilters,
    cursor: string | undefined,
    limit: number,
  ): Promise<Page<PayableRecord>> {
    const after = cursor === undefined ? undefined : readKeysetCursor(cursor);
    const params: unknown[] = [];
    const where = scopeConditions(scope, params, 'p');
    const add = (condition: string, value: unknown) => {
      params.push(value);
      where.push(condition.replace('?', `$${params.length}`));
    };
    if (filters.status === 'open') where.push('p.settlement_id IS NULL');
    if (filters.status === 'settled') where.push('p.settlement_id IS NOT NULL');
    if (filters.currency !== undefined) add('p.currency = ?', filters.currency);
    if (filters.owedThrough !== undefined)
      add('p.owed_since <= ?::timestamptz', filters.owedThrough);
    if (filters.settlementId !== undefined) add('p.settlement_id = ?', filters.settlementId);
    if (after) {
      params.push(after.instant, after.id);
      where.push(
        `(p.owed_since, p.payable_id) > ($${params.length - 1}::timestamptz, $${params.length}::text)`,
      );
    }
    params.push(limit + 1);
    const rows: PayableRow[] = await this.dataSource.query(
      `SELECT ${PAYABLE_COLUMNS}, ${cursorInstantSql('p.owed_since')} AS cursor_at
         FROM settlement_payables p
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY p.owed_since, p.payable_id
        LIMIT $${params.length}`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toPayable),
      nextCursor:
        rows.length > limit
          ? writeKeysetCursor({ instant: last.cursor_at!, id: last.payable_id })
          : null,
    };
  }

  /** What is still open, per manufacturer, payee and currency, a page at a time. */
  async balances(
    scope: LedgerScope,
    currency: string | undefined,
    cursor: string | undefined,
    limit: number,
  ): Promise<Page<Balance>> {
    const after = cursor === undefined ? undefined : readBalanceCursor(cursor);
    const params: unknown[] = [];
    const where = ['p.settlement_id IS NULL', ...scopeConditions(scope, params, 'p')];
    if (currency !== undefined) {
      params.push(currency);
      where.push(`p.currency = $${params.length}`);
    }
    if (after) {
      params.push(...after);
      const n = params.length;
      where.push(
        `(p.manufacturer_id, p.payee_kind, p.payee_id, p.currency) > ($${n - 3}, $${n - 2}, $${n - 1}, $${n})`,
      );
    }
    params.push(limit + 1);
    const rows: Array<{
      manufacturer_id: string;
      payee_kind: Payee['kind'];
      payee_id: string;
      currency: string;
      open_count: string;
      open_amount: string;
      oldest: Date;
    }> = await this.dataSource.query(
      `SELECT p.manufacturer_id, p.payee_kind, p.payee_id, p.currency,
              count(*)::text AS open_count, sum(p.amount)::text AS open_amount,
              min(p.owed_since) AS oldest
         FROM settlement_payables p
        WHERE ${where.join(' AND ')}
        GROUP BY p.manufacturer_id, p.payee_kind, p.payee_id, p.currency
        ORDER BY p.manufacturer_id, p.payee_kind, p.payee_id, p.currency
        LIMIT $${params.length}`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((row) => ({
        manufacturerId: row.manufacturer_id,
        payee: { kind: row.payee_kind, id: row.payee_id },
        currency: row.currency,
        openCount: Number(row.open_count),
        open: { amount: Number(row.open_amount), currency: row.currency },
        oldestOwedSince: row.oldest.toISOString(),
      })),
      nextCursor:
        rows.length > limit
          ? encodeCursor(
              JSON.stringify([last.manufacturer_id, last.payee_kind, last.payee_id, last.currency]),
            )
          : null,
    };
  }
}

function readBalanceCursor(cursor: string): [string, string, string, string] {
  let key: unknown;
  try {
    key = JSON.parse(decodeCursor(cursor));
  } catch {
    key = undefined;
  }
  if (
    !Array.isArray(key) ||
    key.length !== 4 ||
    !key.every((part) => typeof part === 'string' && !hasUnsafeText(part))
  )
    throw new InputValidationError([
      { field: 'cursor', message: 'cursor is not one this list returned' },
    ]);
  return key as [string, string, string, string];
}
