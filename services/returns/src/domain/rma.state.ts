import type {
  Disposition,
  Money,
  ReturnInspected,
  ReturnReceived,
  RmaAuthorized,
  RmaLine,
  RmaLineStatus,
  RmaStatus,
  Shipment,
} from './events';

export { RMA_STATUSES, type RmaStatus, TERMINAL_RMA_STATUSES, rmaStream } from './events';

type Strip<T> = Omit<T, 'rmaId' | 'lineId'>;

export interface LineState extends RmaLine {
  status: RmaLineStatus;
  receipt: Strip<ReturnReceived['data']> | null;
  inspection: Strip<ReturnInspected['data']> | null;
  /** The disposition applied to the line, once (exchange shipped, refund issued, ...). */
  applied: Disposition | null;
  /** Normalized serial of the replacement, once shipped (for an advance exchange, before receipt). */
  replacementSerialNumber: string | null;
  /** Minor units refunded and credited so far. */
  refunded: number;
  credited: number;
  depositCharged: boolean;
}

export interface NoRma {
  status: 'none';
}

export interface AuthorizedRma {
  status: RmaStatus;
  rmaId: string;
  rmaNumber: string;
  type: RmaAuthorized['data']['type'];
  manufacturerId: string;
  retailerId: string | null;
  claimId: string | null;
  lines: LineState[];
  shipTo: RmaAuthorized['data']['shipTo'];
  returnBy: string;
  shippingLabel: Shipment;
  deposit: Money | null;
  shipment: (Shipment & { at: string }) | null;
  depositCharged: { amount: Money; lineIds: string[]; at: string } | null;
  /** Set by RmaExpired, RmaCancelled, RmaClosed: the state is then that one, for good. */
  ended: { status: 'closed' | 'expired' | 'cancelled'; reason: string | null; at: string } | null;
  authorizedBy: string;
  authorizedAt: string;
  updatedAt: string;
}

export type RmaState = NoRma | AuthorizedRma;

export const noRma: RmaState = { status: 'none' };
