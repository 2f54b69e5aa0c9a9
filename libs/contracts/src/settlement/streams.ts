import type { Payee } from './events';

export const SETTLEMENT_CATEGORY = 'settlement';

/** One manufacturer's ledger with one payee: every settlement between them, in order. */
export const settlementLedgerStream = (manufacturerId: string, payee: Payee): string =>
  `${SETTLEMENT_CATEGORY}-${manufacturerId}~${payee.kind}~${payee.id}`;

/** The payable id of what a case owes: its source kind, id and, for an RMA, the line. */
export const payableId = (kind: 'claim' | 'rma' | 'repair', id: string, lineId?: string | null) =>
  lineId ? `${kind}:${id}:${lineId}` : `${kind}:${id}`;
