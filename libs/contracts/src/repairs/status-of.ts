import type { RepairOrderEvent } from './events';
import type { RepairOrderStatus } from './statuses';

/** The order's state after one of its events; readers fold this instead of re-deriving rules. */
export function repairOrderStatusAfter(
  current: RepairOrderStatus | null,
  event: RepairOrderEvent,
): RepairOrderStatus {
  switch (event.type) {
    case 'RepairOrderOpened':
    case 'RepairOrderReassigned':
      return 'opened';
    case 'TechnicianAssigned':
      return current === null || current === 'opened' ? 'assigned' : current;
    case 'DiagnosisRecorded':
      return event.data.approvalRequired ? 'awaiting_approval' : 'diagnosed';
    case 'EstimateApproved':
      return 'approved';
    case 'EstimateDeclined':
      return 'declined';
    case 'PartsOrdered':
      return 'awaiting_parts';
    case 'PartsReceived':
      return event.data.allReceived ? 'in_repair' : 'awaiting_parts';
    case 'RepairWorkLogged':
    case 'QualityCheckFailed':
      return 'in_repair';
    case 'RepairCompleted':
      return 'quality_check';
    case 'QualityCheckPassed':
      return 'ready_to_ship';
    case 'UnitShippedBack':
      return 'shipped';
    case 'RepairOrderClosed':
      return 'closed';
    case 'UnrepairableDeclared':
      return 'unrepairable';
  }
}
