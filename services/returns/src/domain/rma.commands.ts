import type {
  Disposition,
  InspectionFinding,
  InspectionGrade,
  Money,
  PlainDisposition,
  RmaLine,
  RmaType,
  Shipment,
  ShipTo,
} from './events';
import type { ReplacementOnFile } from './replacement';

/**
 * Timestamps (`at`) are ISO 8601 instants from the caller's clock; the decider never reads one.
 * Actors (`by`, `inspector`) are ids the API layer takes from the authenticated key.
 */

export interface AuthorizeRma {
  type: 'AuthorizeRma';
  rmaId: string;
  /** Reserved by the caller in the manufacturer's counter stream. */
  rmaNumber: string;
  rmaType: RmaType;
  manufacturerId: string;
  retailerId: string | null;
  claimId: string | null;
  lines: RmaLine[];
  shipTo: ShipTo;
  returnBy: string;
  shippingLabel: Shipment;
  deposit: Money | null;
  by: string;
  at: string;
}

export interface ShipReturn {
  type: 'ShipReturn';
  rmaId: string;
  carrier: string;
  trackingNumber: string;
  by: string;
  at: string;
}

export interface ReceiveReturn {
  type: 'ReceiveReturn';
  rmaId: string;
  lineId: string;
  /** Normalized by the caller, as scanned. */
  serialNumber: string;
  notes: string;
  by: string;
  at: string;
}

export interface InspectReturn {
  type: 'InspectReturn';
  rmaId: string;
  lineId: string;
  grade: InspectionGrade;
  finding: InspectionFinding;
  disposition: Disposition;
  notes: string;
  by: string;
  at: string;
}

export interface ShipExchange {
  type: 'ShipExchange';
  rmaId: string;
  lineId: string;
  /** Normalized by the caller. */
  replacementSerialNumber: string;
  /** Read by the caller from registration's stream of that serial. */
  replacementOnFile: ReplacementOnFile;
  carrier: string;
  trackingNumber: string;
  by: string;
  at: string;
}

export interface IssueRefund {
  type: 'IssueRefund';
  rmaId: string;
  lineId: string;
  amount: Money;
  reference: string;
  /** Read by the caller: why the line's unit's registration was cancelled; null while it stands. */
  registrationCancelled: string | null;
  by: string;
  at: string;
}

export interface IssueCredit {
  type: 'IssueCredit';
  rmaId: string;
  lineId: string;
  amount: Money;
  reference: string;
  /** Read by the caller: why the line's unit's registration was cancelled; null while it stands. */
  registrationCancelled: string | null;
  by: string;
  at: string;
}

export interface ApplyDisposition {
  type: 'ApplyDisposition';
  rmaId: string;
  lineId: string;
  disposition: PlainDisposition;
  reference: string;
  by: string;
  at: string;
}

/** A line inspected for repair goes to an exchange instead (its repair failed). */
export interface SwitchLineToExchange {
  type: 'SwitchLineToExchange';
  rmaId: string;
  lineId: string;
  reason: string;
  repairOrderId: string | null;
  by: string;
  at: string;
}

/** The timer hook: sent at the return-by deadline of an advance exchange. */
export interface ChargeAdvanceExchangeDeposit {
  type: 'ChargeAdvanceExchangeDeposit';
  rmaId: string;
  by: string;
  at: string;
}

/** The timer hook: sent at the return-by deadline. */
export interface ExpireRma {
  type: 'ExpireRma';
  rmaId: string;
  by: string;
  at: string;
}

export interface CancelRma {
  type: 'CancelRma';
  rmaId: string;
  reason: string;
  by: string;
  at: string;
}

export interface CloseRma {
  type: 'CloseRma';
  rmaId: string;
  by: string;
  at: string;
}

export type RmaCommand =
  | AuthorizeRma
  | ShipReturn
  | ReceiveReturn
  | InspectReturn
  | ShipExchange
  | IssueRefund
  | IssueCredit
  | ApplyDisposition
  | SwitchLineToExchange
  | ChargeAdvanceExchangeDeposit
  | ExpireRma
  | CancelRma
  | CloseRma;

export type RmaCommandType = RmaCommand['type'];
