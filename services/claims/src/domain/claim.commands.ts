import type { CoverageAssessment } from '@warranty/coverage';
import type {
  ClaimOutcome,
  CustomerContact,
  Defect,
  Evidence,
  Money,
  ProofOfPurchase,
  RejectionReason,
  RequestedResolution,
  Resolution,
} from './events';
import type { ReviewThresholds } from './review-flags';
import type { UnitBuyBack } from './unit-buy-back';

/**
 * Timestamps (`filedAt`, `at`) are ISO 8601 instants from the caller's clock; the decider never
 * reads one. Actors (`by`, `decidedBy`) are ids the API layer takes from the authenticated key.
 */

/** The registered unit as the registration context knows it. */
export interface RegisteredUnit {
  productId: string;
  model: string;
  category: string;
  /** YYYY-MM-DD */
  purchaseDate: string;
  /** The sale price: the ceiling of a refund or credit on the claim. */
  price: Money;
}

export interface FileClaim {
  type: 'FileClaim';
  claimId: string;
  retailerId: string;
  manufacturerId: string;
  /** As entered; the decider normalizes it. */
  serialNumber: string;
  /** Null when the unit was never registered: then `proofOfPurchase` is required. */
  registration: RegisteredUnit | null;
  /** What the filer knows about an unregistered unit; ignored when `registration` is set. */
  model?: string | null;
  productCategory?: string | null;
  /** YYYY-MM-DD */
  failureDate: string;
  defect: Defect;
  evidence: Evidence[];
  customer: CustomerContact;
  requestedResolution: RequestedResolution;
  proofOfPurchase: ProofOfPurchase | null;
  /** Assessed by the caller on the failure date, from the registration or from the receipt. */
  coverage: CoverageAssessment;
  /** Inputs of the review flags, looked up by the caller (the claim index and a read model). */
  history: { priorClaimsOnUnit: number; customerClaimsLastYear: number };
  /** The manufacturer's thresholds; defaults for what is missing. */
  reviewThresholds?: Partial<ReviewThresholds>;
  filedAt: string;
}

export interface StartReview {
  type: 'StartReview';
  claimId: string;
  by: string;
  at: string;
}

export interface RequestInfo {
  type: 'RequestInfo';
  claimId: string;
  question: string;
  /** ISO 8601 instant after `at`. */
  dueBy: string;
  by: string;
  at: string;
}

export interface ProvideInfo {
  type: 'ProvideInfo';
  claimId: string;
  answer: string;
  attachments: Evidence[];
  by: string;
  at: string;
}

export interface ApproveClaim {
  type: 'ApproveClaim';
  claimId: string;
  resolution: Resolution;
  /** Required for refund and credit. */
  approvedAmount: Money | null;
  /** Must be true to approve a claim assessed uncovered. */
  goodwill: boolean;
  notes: string;
  /** Read by the caller for a refund or credit (`nothingBoughtBack` otherwise). */
  buyBack: UnitBuyBack;
  decidedBy: string;
  at: string;
}

export interface RejectClaim {
  type: 'RejectClaim';
  claimId: string;
  reasonCode: RejectionReason;
  /** Required when the reason is `other`. */
  notes: string;
  decidedBy: string;
  at: string;
}

export interface AppealRejection {
  type: 'AppealRejection';
  claimId: string;
  grounds: string;
  by: string;
  at: string;
}

export interface WithdrawClaim {
  type: 'WithdrawClaim';
  claimId: string;
  reason: string;
  by: string;
  at: string;
}

/** Sent by the fulfilment workflow when the RMA for an approved claim is authorized. */
export interface StartFulfilment {
  type: 'StartFulfilment';
  claimId: string;
  rmaId: string;
  by: string;
  at: string;
}

export interface ResolveClaim {
  type: 'ResolveClaim';
  claimId: string;
  outcome: ClaimOutcome;
  /** Null means "the fulfilment's RMA" (or none, for a direct refund or credit). */
  rmaId: string | null;
  repairOrderId: string | null;
  by: string;
  at: string;
}

export interface CloseClaim {
  type: 'CloseClaim';
  claimId: string;
  by: string;
  at: string;
}

export type ClaimCommand =
  | FileClaim
  | StartReview
  | RequestInfo
  | ProvideInfo
  | ApproveClaim
  | RejectClaim
  | AppealRejection
  | WithdrawClaim
  | StartFulfilment
  | ResolveClaim
  | CloseClaim;

export type ClaimCommandType = ClaimCommand['type'];
