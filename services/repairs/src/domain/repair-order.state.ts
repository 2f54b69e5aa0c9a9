import type {
  DiagnosisRecorded,
  Money,
  RepairCosts,
  RepairOrderStatus,
  RepairOutcome,
  RepairPart,
  RepairRates,
} from './events';

export {
  REPAIR_ORDER_STATUSES,
  type RepairOrderStatus,
  TERMINAL_REPAIR_ORDER_STATUSES,
  repairStream,
} from './events';

export interface NoRepairOrder {
  status: 'none';
}

export interface RepairOrder {
  status: RepairOrderStatus;
  repairOrderId: string;
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
  /** Covered as the manufacturer's goodwill, not by the plan. */
  goodwill: boolean;
  planCode: string | null;
  planLimit: Money | null;
  reportedDefect: string;
  rates: RepairRates;
  technician: string | null;
  diagnosis: Omit<DiagnosisRecorded['data'], 'repairOrderId'> | null;
  estimateDecision: { decision: 'approved' | 'declined'; by: string; at: string } | null;
  /** Quantities per SKU. */
  partsOrdered: Record<string, number>;
  partsReceived: RepairPart[];
  laborMinutes: number;
  qualityCheckFailures: number;
  flagged: boolean;
  shipment: { carrier: string; trackingNumber: string; repaired: boolean; at: string } | null;
  /** Set by RepairOrderClosed or UnrepairableDeclared. */
  ended: {
    outcome: RepairOutcome | 'unrepairable';
    reason: string | null;
    costs: RepairCosts;
    at: string;
  } | null;
  openedBy: string;
  openedAt: string;
  updatedAt: string;
}

export type RepairOrderState = NoRepairOrder | RepairOrder;

export const noRepairOrder: RepairOrderState = { status: 'none' };

/** Per SKU, what was ordered and has not arrived. */
export function outstandingParts(order: RepairOrder): Record<string, number> {
  const outstanding = { ...order.partsOrdered };
  for (const part of order.partsReceived) outstanding[part.sku] -= part.quantity;
  return Object.fromEntries(Object.entries(outstanding).filter(([, quantity]) => quantity > 0));
}
