import type { ClaimOutcome, Resolution } from '@warranty/contracts/claims';

/** What the workflow knows of one claim's fulfilment: enough to send the next command. */
export interface FulfilmentCase {
  claimId: string;
  manufacturerId: string;
  serialNumber: string;
  productCategory: string | null;
  reportedDefect: string;
  resolution: Resolution | null;
  rmaId: string | null;
  lineId: string | null;
  repairOrderId: string | null;
  /** How the RMA's line ended, once it did: what the claim is resolved with. */
  outcome: ClaimOutcome | null;
  resolved: boolean;
}

export type WorkflowCommand =
  | {
      type: 'AuthorizeWarrantyReturn';
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
    }
  | { type: 'ApplyRepairDisposition'; rmaId: string; lineId: string; repairOrderId: string }
  | { type: 'CloseRma'; rmaId: string }
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
