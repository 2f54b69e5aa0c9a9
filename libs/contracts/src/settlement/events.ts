import type { DomainEvent } from '@warranty/eventsourcing';

export interface Money {
  /** Integer minor units (cents). */
  amount: number;
  /** ISO 4217 code. */
  currency: string;
}

/** Who a manufacturer owes: the retailer that paid a customer on its behalf, or a service center. */
export type PayeeKind = 'retailer' | 'service_center';
export const PAYEE_KINDS: readonly PayeeKind[] = ['retailer', 'service_center'];

export interface Payee {
  kind: PayeeKind;
  id: string;
}

/** The case event a payable comes from. */
export type PayableSourceKind = 'claim' | 'rma' | 'repair';

export interface PayableSource {
  kind: PayableSourceKind;
  /** The claim, RMA or repair order id. */
  id: string;
  /** The RMA line, for a refund or credit issued on an RMA; else null. */
  lineId: string | null;
}

/** One amount a manufacturer owes, as it stood when it was settled. */
export interface SettledPayable {
  /** `claim:{claimId}`, `rma:{rmaId}:{lineId}` or `repair:{repairOrderId}`. */
  payableId: string;
  source: PayableSource;
  amount: Money;
  /** When the case event that made it owed happened. */
  owedSince: string;
}

/** The manufacturer paid a payee for a set of payables, in one currency, with its own reference. */
export type SettlementRecorded = DomainEvent<
  'SettlementRecorded',
  {
    settlementId: string;
    manufacturerId: string;
    payee: Payee;
    /** The payee again, in the field every context names its parties with. */
    retailerId: string | null;
    serviceCenterId: string | null;
    items: SettledPayable[];
    total: Money;
    /** The manufacturer's payment reference (bank transfer, credit note number). */
    reference: string;
    /** YYYY-MM-DD */
    paidOn: string;
    note: string;
    by: string;
    at: string;
  }
>;

/** The payment did not go through (or was recorded in error): its payables are owed again. */
export type SettlementReversed = DomainEvent<
  'SettlementReversed',
  {
    settlementId: string;
    manufacturerId: string;
    payee: Payee;
    retailerId: string | null;
    serviceCenterId: string | null;
    payableIds: string[];
    total: Money;
    reason: string;
    by: string;
    at: string;
  }
>;

export type SettlementEvent = SettlementRecorded | SettlementReversed;
export type SettlementEventType = SettlementEvent['type'];
