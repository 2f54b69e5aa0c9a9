import type { ClaimStatus } from '@warranty/contracts/claims';
import type {
  ClaimApproved,
  ClaimAppealed,
  ClaimClosed,
  ClaimFiled,
  ClaimFulfilmentStarted,
  ClaimInfoRequested,
  ClaimRejected,
  ClaimResolved,
  ClaimWithdrawn,
} from './events';

export { CLAIM_STATUSES, type ClaimStatus } from '@warranty/contracts/claims';

/** States a claim can still be withdrawn from: before a decision. */
export const WITHDRAWABLE_STATUSES = [
  'submitted',
  'under_review',
  'info_requested',
  'appealed',
] as const satisfies readonly ClaimStatus[];

export const TERMINAL_STATUSES = ['closed', 'withdrawn'] as const satisfies readonly ClaimStatus[];

type Strip<T> = Omit<T, 'claimId'>;

export interface NoClaim {
  status: 'none';
}

export interface FiledClaim {
  status: ClaimStatus;
  claimId: string;
  retailerId: string;
  manufacturerId: string;
  serialNumber: string;
  /** Everything as filed, including the coverage assessed then and the review flags. */
  filing: Strip<ClaimFiled['data']>;
  /** The open information request while `info_requested`; null otherwise. */
  infoRequest: Strip<ClaimInfoRequested['data']> | null;
  infoRequests: number;
  /** The latest decisions; an appealed rejection stays here as history. */
  approval: Strip<ClaimApproved['data']> | null;
  rejection: Strip<ClaimRejected['data']> | null;
  appeal: Strip<ClaimAppealed['data']> | null;
  fulfilment: Strip<ClaimFulfilmentStarted['data']> | null;
  resolution: Strip<ClaimResolved['data']> | null;
  withdrawal: Strip<ClaimWithdrawn['data']> | null;
  closure: Strip<ClaimClosed['data']> | null;
  /** Time of the latest event. */
  updatedAt: string;
}

export type ClaimState = NoClaim | FiledClaim;

export const noClaim: ClaimState = { status: 'none' };

export { claimStream } from '@warranty/contracts/claims';
