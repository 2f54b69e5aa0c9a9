import type { Money, RepairPart, RepairRates } from './events';

/**
 * Timestamps (`at`) are ISO 8601 instants from the caller's clock; the decider never reads one.
 * Actors (`by`) are ids the API layer takes from the authenticated key.
 */
interface Step<Type extends string> {
  type: Type;
  repairOrderId: string;
  by: string;
  at: string;
}

export interface OpenRepairOrder extends Step<'OpenRepairOrder'> {
  manufacturerId: string;
  retailerId: string | null;
  serviceCenterId: string;
  claimId: string | null;
  rmaId: string | null;
  serialNumber: string;
  productId: string | null;
  model: string | null;
  covered: boolean;
  notCoveredReason: string | null;
  planCode: string | null;
  planLimit: Money | null;
  /** The manufacturer approved the claim as goodwill: it pays what the plan does not cover. */
  goodwill?: boolean;
  reportedDefect: string;
  rates: RepairRates;
}

export interface AssignTechnician extends Step<'AssignTechnician'> {
  technician: string;
}

export interface RecordDiagnosis extends Step<'RecordDiagnosis'> {
  findings: string;
  faultCode: string;
  parts: RepairPart[];
  laborMinutes: number;
}

export interface ApproveEstimate extends Step<'ApproveEstimate'> {
  retailerId: string;
}

export interface DeclineEstimate extends Step<'DeclineEstimate'> {
  retailerId: string;
  reason: string;
}

export interface OrderParts extends Step<'OrderParts'> {
  parts: RepairPart[];
  supplierReference: string;
}

export interface ReceiveParts extends Step<'ReceiveParts'> {
  parts: RepairPart[];
}

export interface LogRepairWork extends Step<'LogRepairWork'> {
  laborMinutes: number;
  notes: string;
}

export interface CompleteRepair extends Step<'CompleteRepair'> {
  notes: string;
}

export interface RecordQualityCheck extends Step<'RecordQualityCheck'> {
  passed: boolean;
  notes: string;
}

export interface ShipUnitBack extends Step<'ShipUnitBack'> {
  carrier: string;
  trackingNumber: string;
}

export type CloseRepairOrder = Step<'CloseRepairOrder'>;

export interface DeclareUnrepairable extends Step<'DeclareUnrepairable'> {
  reason: string;
}

export interface ReassignRepairOrder extends Step<'ReassignRepairOrder'> {
  serviceCenterId: string;
  rates: RepairRates;
  reason: string;
}

export type RepairOrderCommand =
  | OpenRepairOrder
  | AssignTechnician
  | RecordDiagnosis
  | ApproveEstimate
  | DeclineEstimate
  | OrderParts
  | ReceiveParts
  | LogRepairWork
  | CompleteRepair
  | RecordQualityCheck
  | ShipUnitBack
  | CloseRepairOrder
  | DeclareUnrepairable
  | ReassignRepairOrder;

export type RepairOrderCommandType = RepairOrderCommand['type'];
