import {
  type RepairOrderEvent,
  type RepairOrderStatus,
  repairOrderStatusAfter,
} from '@warranty/contracts/repairs';
import type { RepairSteps } from '../schema';

/** The columns of a queue row that the order's later events change. */
export interface RepairQueueProgress {
  state: RepairOrderStatus;
  serviceCenterId: string;
  technicianId: string | null;
  findings: string | null;
  faultCode: string | null;
  qualityCheckFailures: number;
  flagged: boolean;
  carrier: string | null;
  trackingNumber: string | null;
  outcome: string | null;
  steps: RepairSteps;
}

export type LaterRepairEvent = Exclude<RepairOrderEvent, { type: 'RepairOrderOpened' }>;

/** Pure: the row after one more event of its order, with the instant each state was first reached. */
export function foldRepairQueue(
  row: RepairQueueProgress,
  event: LaterRepairEvent,
): RepairQueueProgress {
  const state = repairOrderStatusAfter(row.state, event);
  const at = event.data.at;
  const steps = state in row.steps ? { ...row.steps } : { ...row.steps, [state]: at };
  switch (event.type) {
    case 'RepairOrderReassigned':
      // The new center starts over; the reassignment is a step of its own in the history.
      return {
        ...row,
        state,
        serviceCenterId: event.data.toServiceCenterId,
        technicianId: null,
        steps: { ...row.steps, reassigned: at },
      };
    case 'TechnicianAssigned':
      return { ...row, state, technicianId: event.data.technician, steps };
    case 'DiagnosisRecorded':
      return {
        ...row,
        state,
        findings: event.data.findings,
        faultCode: event.data.faultCode,
        steps,
      };
    case 'QualityCheckFailed':
      return {
        ...row,
        state,
        qualityCheckFailures: event.data.failureCount,
        flagged: row.flagged || event.data.flagged,
        steps,
      };
    case 'UnitShippedBack':
      return {
        ...row,
        state,
        carrier: event.data.carrier,
        trackingNumber: event.data.trackingNumber,
        steps,
      };
    case 'RepairOrderClosed':
      return { ...row, state, outcome: event.data.outcome, steps };
    default:
      return { ...row, state, steps };
  }
}
