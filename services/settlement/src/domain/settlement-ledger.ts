import {
  type Decider,
  DomainError,
  ensure,
  IllegalStateError,
  RuleViolationError,
  StaleRevisionError,
} from '@warranty/eventsourcing';
import {
  type Money,
  type Payee,
  type SettledPayable,
  type SettlementEvent,
  settlementLedgerStream,
  type SettlementRecorded,
} from '@warranty/contracts/settlement';

export interface RecordSettlement {
  type: 'RecordSettlement';
  settlementId: string;
  manufacturerId: string;
  payee: Payee;
  items: SettledPayable[];
  reference: string;
  paidOn: string;
  note: string;
  by: string;
  at: string;
}

export interface ReverseSettlement {
  type: 'ReverseSettlement';
  settlementId: string;
  reason: string;
  by: string;
  at: string;
  /** If-Match: the settlement's revision as the caller last read it. */
  ifRevision?: number;
}

export type SettlementCommand = RecordSettlement | ReverseSettlement;

interface LedgerEntry {
  payableIds: string[];
  total: Money;
  reversed: boolean;
  /** The ledger revision at which it was recorded, or reversed: the settlement's own revision. */
  revision: number;
}

/**
 * One manufacturer's ledger with one payee: its settlements, and which were reversed. Which
 * settlement paid a payable is worked out when deciding, so a fold copies one entry per settlement,
 * not one per payable ever paid.
 */
export interface SettlementLedger {
  manufacturerId: string | null;
  payee: Payee | null;
  settlements: ReadonlyMap<string, LedgerEntry>;
  /** The ledger's own revision: -1 before its first event. */
  revision: number;
}

export const EMPTY_LEDGER: SettlementLedger = {
  manufacturerId: null,
  payee: null,
  settlements: new Map(),
  revision: -1,
};

/** Payables that a standing settlement already paid (HTTP 409, naming each and what paid it). */
export class PayablesAlreadySettledError extends DomainError {
  readonly kind = 'conflict';
  constructor(paidBy: Array<{ payableId: string; settlementId: string }>) {
    super(
      `${paidBy.map((paid) => paid.payableId).join(', ')} ${paidBy.length === 1 ? 'is' : 'are'} settled already`,
      'payables-already-settled',
      { settled: paidBy },
    );
  }
}

/**
 * If-Match named a revision of the settlement it no longer has (HTTP 412). Other payments to the
 * same payee move the ledger, never a settlement's own revision.
 */
export class SettlementChangedError extends StaleRevisionError {
  constructor(ledgerStream: string, settlementId: string, expected: number, actual: number) {
    super(ledgerStream, expected, actual, `Settlement ${settlementId}`);
  }
}

export class SettlementNotFoundError extends DomainError {
  readonly kind = 'not_found';
  constructor(settlementId: string) {
    super(`No settlement ${settlementId}`, 'settlement-not-found');
  }
}

/** Which standing settlement paid each of these payables, if one did. */
function standingSettlementsOf(payableIds: Set<string>, ledger: SettlementLedger) {
  const paid = new Map<string, string>();
  for (const [settlementId, entry] of ledger.settlements)
    if (!entry.reversed)
      for (const payableId of entry.payableIds)
        if (payableIds.has(payableId)) paid.set(payableId, settlementId);
  return paid;
}

function record(command: RecordSettlement, ledger: SettlementLedger): SettlementEvent[] {
  if (ledger.settlements.has(command.settlementId))
    throw new IllegalStateError(
      `Settlement ${command.settlementId} is recorded already`,
      'recorded',
      'settlement-exists',
      { settlementId: command.settlementId },
    );
  const { items } = command;
  ensure(items.length > 0, 'no-payables', 'payableIds', 'A settlement pays at least one payable');
  ensure(
    command.paidOn <= command.at.slice(0, 10),
    'paid-on-in-future',
    'paidOn',
    'The payment date is after today',
  );
  const ids = items.map((item) => item.payableId);
  ensure(
    new Set(ids).size === ids.length,
    'duplicate-payables',
    'payableIds',
    'Each payable is named once',
  );
  const currency = items[0].amount.currency;
  const mixed = items.filter((item) => item.amount.currency !== currency);
  if (mixed.length > 0)
    throw new RuleViolationError(
      `A settlement is paid in one currency: ${mixed.map((item) => item.payableId).join(', ')} ${mixed.length === 1 ? 'is' : 'are'} not in ${currency}`,
      'currency-mismatch',
      { field: 'payableIds' },
    );
  ensure(
    items.every((item) => Number.isSafeInteger(item.amount.amount) && item.amount.amount > 0),
    'non-positive-payable',
    'payableIds',
    'Every payable settled is a positive amount',
  );
  const standing = standingSettlementsOf(new Set(ids), ledger);
  const paidBy = ids.flatMap((payableId) => {
    const settlementId = standing.get(payableId);
    return settlementId === undefined ? [] : [{ payableId, settlementId }];
  });
  if (paidBy.length > 0) throw new PayablesAlreadySettledError(paidBy);
  const total = items.reduce((sum, item) => sum + item.amount.amount, 0);
  ensure(Number.isSafeInteger(total), 'total-too-large', 'payableIds', 'The total is too large');
  const recorded: SettlementRecorded = {
    type: 'SettlementRecorded',
    data: {
      settlementId: command.settlementId,
      manufacturerId: command.manufacturerId,
      payee: command.payee,
      ...partyFields(command.payee),
      items,
      total: { amount: total, currency },
      reference: command.reference,
      paidOn: command.paidOn,
      note: command.note,
      by: command.by,
      at: command.at,
    },
  };
  return [recorded];
}

function reverse(command: ReverseSettlement, ledger: SettlementLedger): SettlementEvent[] {
  const entry = ledger.settlements.get(command.settlementId);
  if (!entry || !ledger.manufacturerId || !ledger.payee)
    throw new SettlementNotFoundError(command.settlementId);
  if (command.ifRevision !== undefined && command.ifRevision !== entry.revision)
    throw new SettlementChangedError(
      settlementLedgerStream(ledger.manufacturerId, ledger.payee),
      command.settlementId,
      command.ifRevision,
      entry.revision,
    );
  if (entry.reversed)
    throw new IllegalStateError(
      `Settlement ${command.settlementId} was reversed already`,
      'reversed',
      'settlement-reversed',
      { settlementId: command.settlementId },
    );
  return [
    {
      type: 'SettlementReversed',
      data: {
        settlementId: command.settlementId,
        manufacturerId: ledger.manufacturerId,
        payee: ledger.payee,
        ...partyFields(ledger.payee),
        payableIds: entry.payableIds,
        total: entry.total,
        reason: command.reason,
        by: command.by,
        at: command.at,
      },
    },
  ];
}

/** The payee in the fields every context names its parties with, so access rules read it alike. */
const partyFields = (payee: Payee) => ({
  retailerId: payee.kind === 'retailer' ? payee.id : null,
  serviceCenterId: payee.kind === 'service_center' ? payee.id : null,
});

function evolve(ledger: SettlementLedger, event: SettlementEvent): SettlementLedger {
  const revision = ledger.revision + 1;
  const settlements = new Map(ledger.settlements);
  if (event.type === 'SettlementRecorded') {
    const { data } = event;
    settlements.set(data.settlementId, {
      payableIds: data.items.map((item) => item.payableId),
      total: data.total,
      reversed: false,
      revision,
    });
    return { manufacturerId: data.manufacturerId, payee: data.payee, settlements, revision };
  }
  const entry = settlements.get(event.data.settlementId);
  if (!entry) return { ...ledger, revision };
  settlements.set(event.data.settlementId, { ...entry, reversed: true, revision });
  return { ...ledger, settlements, revision };
}

/** A manufacturer's payments to one payee: a payable is paid at most once while its payment stands. */
export const settlementLedgerDecider: Decider<
  SettlementCommand,
  SettlementEvent,
  SettlementLedger
> = {
  initialState: EMPTY_LEDGER,
  decide: (command, ledger) =>
    command.type === 'RecordSettlement' ? record(command, ledger) : reverse(command, ledger),
  evolve,
};
