import type { ClaimOutcome, Resolution } from '@warranty/contracts/claims';

/** What the workflow knows of one claim's fulfilment: enough to send the next command. */
export interface FulfilmentCase {
  claimId: string;
  manufacturerId: string;
  serialNumber: string;
  productCategory: string | null;
  /** The plan that covered the unit at filing; cases stored before it was kept have none. */
  planCode?: string | null;
  reportedDefect: string;
  resolution: Resolution | null;
  /** Approved as goodwill: the manufacturer pays the repair; cases stored before it was kept have none. */
  goodwill?: boolean;
  rmaId: string | null;
  lineId: string | null;
  repairOrderId: string | null;
  /** How the RMA's line ended, once it did: what the claim is resolved with. */
  outcome: ClaimOutcome | null;
  resolved: boolean;
  /** The closing timer that still counts; an appeal forgets it, so an older one fires into nothing. */
  closingTimerId?: string | null;
}

export type WorkflowCommand =
  | {
      type: 'AuthorizeWarrantyReturn';
      claimId: string;
      manufacturerId: string;
      shipTo: { locationId: string; name: string; address: string };
      shippingLabel: { carrier: string; trackingNumber: string };
    }
  | {
      /** The plan gives an advance exchange: the replacement ships before the unit comes back. */
      type: 'AuthorizeAdvanceExchange';
      claimId: string;
      manufacturerId: string;
      shipTo: { locationId: string; name: string; address: string };
      shippingLabel: { carrier: string; trackingNumber: string };
    }
  | { type: 'StartFulfilment'; claimId: string; rmaId: string }
  | {
      type: 'OpenRepairOrder';
      manufacturerId: string;
      serviceCenterId: string;
      serialNumber: string;
      claimId: string;
      rmaId: string;
      reportedDefect: string;
      /** The claim was approved as goodwill: the repair is covered though the plan is not. */
      goodwill: boolean;
    }
  | { type: 'ApplyRepairDisposition'; rmaId: string; lineId: string; repairOrderId: string }
  | {
      type: 'SwitchLineToExchange';
      rmaId: string;
      lineId: string;
      reason: string;
      repairOrderId: string;
    }
  | { type: 'CloseRma'; rmaId: string }
  | {
      /** Local: a durable timer that closes the claim at `dueAt` unless the case moved on. */
      type: 'ScheduleClaimClosing';
      claimId: string;
      manufacturerId: string;
      timerId: string;
      dueAt: string;
    }
  | { type: 'CloseClaim'; claimId: string }
  | {
      type: 'ResolveClaim';
      claimId: string;
      outcome: ClaimOutcome;
      rmaId: string | null;
      repairOrderId: string | null;
    };

/** A reaction's answer: the case as it now stands (null: not a case the workflow follows) and what to send. */
export interface Reaction {
  case: FulfilmentCase | null;
  commands: WorkflowCommand[];
}

/** The commands another service takes; the rest the workflow carries out itself. */
export type RemoteCommand = Exclude<WorkflowCommand, { type: 'ScheduleClaimClosing' }>;
