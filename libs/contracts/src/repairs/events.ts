import type { DomainEvent } from '@warranty/eventsourcing';
import type { RepairOrderStatus, RepairOutcome } from './statuses';

export interface Money {
  /** Integer minor units (cents). */
  amount: number;
  /** ISO 4217 code. */
  currency: string;
}

export interface RepairPart {
  sku: string;
  quantity: number;
  /** What the service center pays per unit, before the manufacturer's markup. */
  unitCost: Money;
}

export interface RepairEstimate {
  parts: RepairPart[];
  laborMinutes: number;
  /** Parts with markup plus labor at the service center's rate. */
  total: Money;
}

/** A manufacturer's reimbursement terms for one service center; every amount in one currency. */
export interface RepairRates {
  laborRatePerHour: Money;
  /** Added to parts cost, in basis points (1500 = 15%). */
  partsMarkupBasisPoints: number;
  /** Charged when an estimate is declined; the unit goes back unrepaired. */
  diagnosisFee: Money;
}

/** What the repair cost and who pays it; parts and labor add up to `gross`. */
export interface RepairCosts {
  /** Sum of received parts at unit cost. */
  partsCost: Money;
  /** `partsCost` plus the markup. */
  partsCharge: Money;
  laborMinutes: number;
  laborCost: Money;
  /** The diagnosis fee when it is what is charged (declined, unrepairable), else zero. */
  diagnosisFee: Money;
  /** partsCharge + laborCost + diagnosisFee. */
  gross: Money;
  /** What the manufacturer pays the service center: never negative, never above the plan limit. */
  reimbursement: Money;
  /** gross - reimbursement: what the customer pays, through the retailer. */
  customerCharge: Money;
}

export type RepairOrderOpened = DomainEvent<
  'RepairOrderOpened',
  {
    repairOrderId: string;
    manufacturerId: string;
    /** The retailer that sold the unit: the retailer that may see the order; null if unregistered. */
    retailerId: string | null;
    serviceCenterId: string;
    claimId: string | null;
    rmaId: string | null;
    /** Normalized (trimmed, upper-case). */
    serialNumber: string;
    /** `{manufacturerId}~{serial}` when the unit is registered, else null. */
    productId: string | null;
    model: string | null;
    /** Warranty covers the repair (parts and labor, on the day it opened). */
    covered: boolean;
    /** Why not covered (`expired`, `not_registered`, ...); null when covered. */
    notCoveredReason: string | null;
    planCode: string | null;
    /** The most the plan pays for this repair; null for no limit. */
    planLimit: Money | null;
    /** Covered only because the manufacturer approved the claim as goodwill; absent on older orders. */
    goodwill?: boolean;
    reportedDefect: string;
    /** The service center's terms when the order opened. */
    rates: RepairRates;
    openedBy: string;
    at: string;
  }
>;

export type TechnicianAssigned = DomainEvent<
  'TechnicianAssigned',
  { repairOrderId: string; serviceCenterId: string; technician: string; by: string; at: string }
>;

export type DiagnosisRecorded = DomainEvent<
  'DiagnosisRecorded',
  {
    repairOrderId: string;
    findings: string;
    faultCode: string;
    estimate: RepairEstimate;
    /** What the customer would pay of the estimate: all if not covered, the excess over the limit. */
    customerShare: Money;
    /** True when `customerShare` is above zero: the order waits in `awaiting_approval`. */
    approvalRequired: boolean;
    by: string;
    at: string;
  }
>;

/** The retailer that sold the unit accepted the estimate for its customer. */
export type EstimateApproved = DomainEvent<
  'EstimateApproved',
  { repairOrderId: string; retailerId: string; customerShare: Money; by: string; at: string }
>;

/** The customer will not pay; the unit goes back unrepaired and the diagnosis fee is charged. */
export type EstimateDeclined = DomainEvent<
  'EstimateDeclined',
  {
    repairOrderId: string;
    retailerId: string;
    reason: string;
    diagnosisFee: Money;
    by: string;
    at: string;
  }
>;

export type PartsOrdered = DomainEvent<
  'PartsOrdered',
  { repairOrderId: string; parts: RepairPart[]; supplierReference: string; by: string; at: string }
>;

export type PartsReceived = DomainEvent<
  'PartsReceived',
  {
    repairOrderId: string;
    parts: RepairPart[];
    /** True when nothing ordered is still outstanding: the order moves to `in_repair`. */
    allReceived: boolean;
    by: string;
    at: string;
  }
>;

export type RepairWorkLogged = DomainEvent<
  'RepairWorkLogged',
  { repairOrderId: string; laborMinutes: number; notes: string; by: string; at: string }
>;

export type RepairCompleted = DomainEvent<
  'RepairCompleted',
  { repairOrderId: string; notes: string; by: string; at: string }
>;

export type QualityCheckPassed = DomainEvent<
  'QualityCheckPassed',
  { repairOrderId: string; notes: string; by: string; at: string }
>;

/** The order goes back to `in_repair`; `flagged` from the third failure on. */
export type QualityCheckFailed = DomainEvent<
  'QualityCheckFailed',
  {
    repairOrderId: string;
    reason: string;
    failureCount: number;
    flagged: boolean;
    by: string;
    at: string;
  }
>;

export type UnitShippedBack = DomainEvent<
  'UnitShippedBack',
  {
    repairOrderId: string;
    carrier: string;
    trackingNumber: string;
    /** False when sent back unrepaired after a declined estimate. */
    repaired: boolean;
    by: string;
    at: string;
  }
>;

export type RepairOrderClosed = DomainEvent<
  'RepairOrderClosed',
  { repairOrderId: string; outcome: RepairOutcome; costs: RepairCosts; by: string; at: string }
>;

/** Ends the order: the unit cannot be repaired and the manufacturer is asked for a replacement. */
export type UnrepairableDeclared = DomainEvent<
  'UnrepairableDeclared',
  {
    repairOrderId: string;
    reason: string;
    previousState: RepairOrderStatus;
    replacementRequested: true;
    claimId: string | null;
    rmaId: string | null;
    costs: RepairCosts;
    by: string;
    at: string;
  }
>;

/** The manufacturer moved the order to another service center; it starts over at `opened`. */
export type RepairOrderReassigned = DomainEvent<
  'RepairOrderReassigned',
  {
    repairOrderId: string;
    fromServiceCenterId: string;
    toServiceCenterId: string;
    rates: RepairRates;
    reason: string;
    previousState: RepairOrderStatus;
    by: string;
    at: string;
  }
>;

export type RepairOrderEvent =
  | RepairOrderOpened
  | TechnicianAssigned
  | DiagnosisRecorded
  | EstimateApproved
  | EstimateDeclined
  | PartsOrdered
  | PartsReceived
  | RepairWorkLogged
  | RepairCompleted
  | QualityCheckPassed
  | QualityCheckFailed
  | UnitShippedBack
  | RepairOrderClosed
  | UnrepairableDeclared
  | RepairOrderReassigned;

export type RepairOrderEventType = RepairOrderEvent['type'];

/** The manufacturer set (or replaced) its terms for one service center. */
export type RepairRatesSet = DomainEvent<
  'RepairRatesSet',
  {
    manufacturerId: string;
    serviceCenterId: string;
    rates: RepairRates;
    by: string;
    at: string;
  }
>;

export type RepairRatesEvent = RepairRatesSet;
