import type { DomainEvent } from '@warranty/eventsourcing';
import type {
  Disposition,
  InspectionFinding,
  InspectionGrade,
  PlainDisposition,
  RmaStatus,
  RmaType,
} from './statuses';

export interface Money {
  /** Integer minor units (cents). */
  amount: number;
  /** ISO 4217 code. */
  currency: string;
}

/** One unit coming back under the RMA. */
export interface RmaLine {
  /** `line-1`, `line-2`, ... in the order authorized. */
  lineId: string;
  /** Normalized (trimmed, upper-case). */
  serialNumber: string;
  /** `{manufacturerId}~{serial}` when the unit is registered, else null. */
  productId: string | null;
  model: string | null;
  /** What the unit was sold for: the ceiling of its refund and credit; null when unknown. */
  price: Money | null;
}

export interface ShipTo {
  /** The manufacturer's returns depot or warehouse. */
  locationId: string;
  name: string;
  address: string;
}

export interface Shipment {
  carrier: string;
  trackingNumber: string;
}

export type RmaAuthorized = DomainEvent<
  'RmaAuthorized',
  {
    rmaId: string;
    /** `RMA-2026-000123`, unique per manufacturer. */
    rmaNumber: string;
    type: RmaType;
    manufacturerId: string;
    /** The retailer that sold the units: the retailer that may see the RMA. */
    retailerId: string | null;
    /** The approved claim a warranty return fulfils; null otherwise. */
    claimId: string | null;
    lines: RmaLine[];
    shipTo: ShipTo;
    /** YYYY-MM-DD: the units must arrive by the end of this day (UTC). */
    returnBy: string;
    /** The label sent to the customer. */
    shippingLabel: Shipment;
    /** Charged if an advance exchange's units do not come back by `returnBy`; else null. */
    deposit: Money | null;
    authorizedBy: string;
    at: string;
  }
>;

export type ReturnShipped = DomainEvent<
  'ReturnShipped',
  { rmaId: string; carrier: string; trackingNumber: string; by: string; at: string }
>;

/** A line arrived; a serial that differs from the line's is recorded as a mismatch, not refused. */
export type ReturnReceived = DomainEvent<
  'ReturnReceived',
  {
    rmaId: string;
    lineId: string;
    expectedSerialNumber: string;
    /** Normalized, as scanned at the dock. */
    receivedSerialNumber: string;
    serialMatches: boolean;
    notes: string;
    by: string;
    at: string;
  }
>;

export type ReturnInspected = DomainEvent<
  'ReturnInspected',
  {
    rmaId: string;
    lineId: string;
    grade: InspectionGrade;
    finding: InspectionFinding;
    /** What is to happen to the line; applied by its own event (or, for an advance exchange whose
     * replacement already shipped, by this one). */
    disposition: Disposition;
    inspector: string;
    notes: string;
    at: string;
  }
>;

/** The replacement unit left; it is registered by registration's reaction, with the original's
 * remaining coverage. `advance` when it shipped before the faulty unit came back. */
export type ExchangeShipped = DomainEvent<
  'ExchangeShipped',
  {
    rmaId: string;
    lineId: string;
    manufacturerId: string;
    retailerId: string | null;
    originalSerialNumber: string;
    originalProductId: string | null;
    /** Normalized. */
    replacementSerialNumber: string;
    carrier: string;
    trackingNumber: string;
    advance: boolean;
    by: string;
    at: string;
  }
>;

export type RefundIssued = DomainEvent<
  'RefundIssued',
  { rmaId: string; lineId: string; amount: Money; reference: string; by: string; at: string }
>;

export type CreditIssued = DomainEvent<
  'CreditIssued',
  { rmaId: string; lineId: string; amount: Money; reference: string; by: string; at: string }
>;

/** A repair, a return to the customer or scrapping was carried out for a line. */
export type LineDispositionApplied = DomainEvent<
  'LineDispositionApplied',
  {
    rmaId: string;
    lineId: string;
    disposition: PlainDisposition;
    /** E.g. the repair order id, or the tracking number of the unit sent back. */
    reference: string;
    by: string;
    at: string;
  }
>;

/** An advance exchange's faulty units did not come back by `returnBy`: they count as exchanged. */
/** A line inspected for repair is to be exchanged instead, e.g. its repair order found it unrepairable. */
export type LineSwitchedToExchange = DomainEvent<
  'LineSwitchedToExchange',
  {
    rmaId: string;
    lineId: string;
    reason: string;
    repairOrderId: string | null;
    by: string;
    at: string;
  }
>;

export type AdvanceExchangeDepositCharged = DomainEvent<
  'AdvanceExchangeDepositCharged',
  { rmaId: string; lineIds: string[]; amount: Money; returnBy: string; by: string; at: string }
>;

export type RmaExpired = DomainEvent<
  'RmaExpired',
  { rmaId: string; returnBy: string; by: string; at: string }
>;

export type RmaCancelled = DomainEvent<
  'RmaCancelled',
  { rmaId: string; reason: string; previousState: RmaStatus; by: string; at: string }
>;

export type RmaClosed = DomainEvent<
  'RmaClosed',
  { rmaId: string; finalState: RmaStatus; by: string; at: string }
>;

export type RmaEvent =
  | RmaAuthorized
  | ReturnShipped
  | ReturnReceived
  | ReturnInspected
  | ExchangeShipped
  | RefundIssued
  | CreditIssued
  | LineDispositionApplied
  | LineSwitchedToExchange
  | AdvanceExchangeDepositCharged
  | RmaExpired
  | RmaCancelled
  | RmaClosed;

export type RmaEventType = RmaEvent['type'];
