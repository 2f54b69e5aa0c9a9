import type { NotCoveredReason } from '@warranty/coverage';
import type { DomainEvent } from '@warranty/eventsourcing';

/**
 * Why a claim deserves a closer look, in this order. ClaimFiled records those the filing retailer
 * may see; `open_claim_on_unit` (another retailer's open claim for the same defect) and counts over
 * other retailers' claims are kept in the claims service's private claim index, for the manufacturer.
 */
export const REVIEW_FLAGS = [
  'filed_soon_after_purchase',
  'many_claims_on_unit',
  'open_claim_on_unit',
  'many_claims_by_customer',
] as const;
export type ReviewFlag = (typeof REVIEW_FLAGS)[number];

export interface Money {
  /** Integer minor units (cents). */
  amount: number;
  /** ISO 4217 code. */
  currency: string;
}

export const EVIDENCE_KINDS = ['photo', 'video', 'document', 'receipt', 'diagnostic_log'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export interface Evidence {
  kind: EvidenceKind;
  /** Where the file is stored; the claim only references it. */
  uri: string;
  /** Lower-case hex SHA-256 of the file, so a reader can check it was not swapped. */
  sha256: string;
  sizeBytes: number;
}

export interface Defect {
  /** Trimmed and lower-cased: the key of the one-open-claim-per-category rule. */
  category: string;
  description: string;
}

export interface CustomerContact {
  name: string;
  /** Trimmed and lower-cased, so claims by one customer can be counted. */
  email: string;
  phone?: string;
}

export const REQUESTED_RESOLUTIONS = ['repair', 'replace', 'refund'] as const;
export type RequestedResolution = (typeof REQUESTED_RESOLUTIONS)[number];

export const RESOLUTIONS = ['repair', 'replace', 'refund', 'credit'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

export const REJECTION_REASONS = [
  'out_of_warranty',
  'not_covered',
  'misuse',
  'duplicate',
  'insufficient_evidence',
  'other',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

/** The last three end a claim's RMA without a remedy: nothing is owed for them. */
export const CLAIM_OUTCOMES = [
  'repaired',
  'replaced',
  'refunded',
  'credited',
  'returned_unrepaired',
  'scrapped',
  'rma_cancelled',
  'not_returned',
] as const;
export type ClaimOutcome = (typeof CLAIM_OUTCOMES)[number];

export interface ProofOfPurchase {
  /** YYYY-MM-DD */
  date: string;
  retailerId: string;
  /** Receipt or invoice number. */
  reference: string;
}

/** Coverage as assessed on the failure date when the claim was filed; it never changes later. */
export interface ClaimCoverage {
  covered: boolean;
  planCode: string | null;
  /** Last covered day (YYYY-MM-DD), or null when nothing was in force. */
  endDate: string | null;
  reason: NotCoveredReason | null;
  /** `registration` when the unit was registered, else `proof_of_purchase` (the receipt). */
  source: 'registration' | 'proof_of_purchase';
}

export type ClaimFiled = DomainEvent<
  'ClaimFiled',
  {
    claimId: string;
    retailerId: string;
    manufacturerId: string;
    /** Normalized (trimmed, upper-case). */
    serialNumber: string;
    /** `{manufacturerId}~{serial}` when the unit is registered, else null. */
    productId: string | null;
    model: string | null;
    productCategory: string | null;
    /** YYYY-MM-DD: the registered purchase date, or the proof of purchase's. */
    purchaseDate: string;
    /** YYYY-MM-DD */
    failureDate: string;
    defect: Defect;
    evidence: Evidence[];
    customer: CustomerContact;
    requestedResolution: RequestedResolution;
    proofOfPurchase: ProofOfPurchase | null;
    coverage: ClaimCoverage;
    /**
     * The registered unit's sale price, the ceiling of a refund or credit; null on a receipt.
     * Absent on claims filed before it was recorded: those have no ceiling to check.
     */
    price?: Money | null;
    /** Review flags, in the order of REVIEW_FLAGS. */
    flags: ReviewFlag[];
    filedAt: string;
  }
>;

/** `previousState` says whether this is the first review, a review after an appeal, or a review
 * resumed after an information request went unanswered past its due date. */
export type ClaimReviewStarted = DomainEvent<
  'ClaimReviewStarted',
  {
    claimId: string;
    previousState: 'submitted' | 'appealed' | 'info_requested';
    by: string;
    at: string;
  }
>;

export type ClaimInfoRequested = DomainEvent<
  'ClaimInfoRequested',
  { claimId: string; question: string; dueBy: string; by: string; at: string }
>;

export type ClaimInfoProvided = DomainEvent<
  'ClaimInfoProvided',
  { claimId: string; answer: string; attachments: Evidence[]; by: string; at: string }
>;

export type ClaimApproved = DomainEvent<
  'ClaimApproved',
  {
    claimId: string;
    resolution: Resolution;
    /** Required for refund and credit, optional (null) for repair and replace. */
    approvedAmount: Money | null;
    /** Approved although not covered (or beyond what the coverage promises). */
    goodwill: boolean;
    notes: string;
    decidedBy: string;
    at: string;
  }
>;

export type ClaimRejected = DomainEvent<
  'ClaimRejected',
  {
    claimId: string;
    reasonCode: RejectionReason;
    notes: string;
    /** True when the one appeal was already used: the rejection can no longer be appealed. */
    final: boolean;
    decidedBy: string;
    at: string;
  }
>;

export type ClaimAppealed = DomainEvent<
  'ClaimAppealed',
  { claimId: string; grounds: string; by: string; at: string }
>;

export type ClaimWithdrawn = DomainEvent<
  'ClaimWithdrawn',
  {
    claimId: string;
    reason: string;
    previousState: 'submitted' | 'under_review' | 'info_requested' | 'appealed';
    by: string;
    at: string;
  }
>;

/** The approved remedy is under way, e.g. the RMA for it was authorized. */
export type ClaimFulfilmentStarted = DomainEvent<
  'ClaimFulfilmentStarted',
  { claimId: string; resolution: Resolution; rmaId: string; by: string; at: string }
>;

export type ClaimResolved = DomainEvent<
  'ClaimResolved',
  {
    claimId: string;
    outcome: ClaimOutcome;
    rmaId: string | null;
    repairOrderId: string | null;
    by: string;
    at: string;
  }
>;

export type ClaimClosed = DomainEvent<
  'ClaimClosed',
  {
    claimId: string;
    /** The state the claim was closed from. */
    finalState: 'resolved' | 'rejected';
    by: string;
    at: string;
  }
>;

export type ClaimEvent =
  | ClaimFiled
  | ClaimReviewStarted
  | ClaimInfoRequested
  | ClaimInfoProvided
  | ClaimApproved
  | ClaimRejected
  | ClaimAppealed
  | ClaimWithdrawn
  | ClaimFulfilmentStarted
  | ClaimResolved
  | ClaimClosed;

export type ClaimEventType = ClaimEvent['type'];
