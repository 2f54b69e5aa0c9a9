import type { PayeeKind } from '@warranty/contracts/settlement';
import type { Actor } from '@warranty/eventsourcing';

/** Whose payables and settlements a query shows. */
export interface LedgerScope {
  manufacturerId?: string;
  payeeKind?: PayeeKind;
  payeeId?: string;
}

const PAYEE_ROLES: Partial<Record<string, PayeeKind>> = {
  retailer: 'retailer',
  service_center: 'service_center',
};

/**
 * A manufacturer sees what it owes, a retailer or service center what it is owed, auditors and
 * admins everything. A filter naming someone else yields null: an empty answer, not a 403.
 */
export function scopeLedger(actor: Actor, filters: LedgerScope): LedgerScope | null {
  if (actor.role === 'auditor' || actor.role === 'admin') return filters;
  if (actor.role === 'manufacturer') {
    if (filters.manufacturerId !== undefined && filters.manufacturerId !== actor.tenantId)
      return null;
    return { ...filters, manufacturerId: actor.tenantId };
  }
  const kind = PAYEE_ROLES[actor.role];
  if (!kind) return null;
  if (filters.payeeKind !== undefined && filters.payeeKind !== kind) return null;
  if (filters.payeeId !== undefined && filters.payeeId !== actor.tenantId) return null;
  return { ...filters, payeeKind: kind, payeeId: actor.tenantId };
}

/** The scope as SQL conditions on a table with manufacturer_id, payee_kind and payee_id. */
export function scopeConditions(scope: LedgerScope, params: unknown[], alias: string): string[] {
  const conditions: string[] = [];
  const columns: Array<[keyof LedgerScope, string]> = [
    ['manufacturerId', 'manufacturer_id'],
    ['payeeKind', 'payee_kind'],
    ['payeeId', 'payee_id'],
  ];
  for (const [field, column] of columns) {
    const value = scope[field];
    if (value === undefined) continue;
    params.push(value);
    conditions.push(`${alias}.${column} = $${params.length}`);
  }
  return conditions;
}
