import { bigintTransformer } from '@warranty/read-models';
import { Column, Entity, Index, PrimaryColumn, type ValueTransformer } from 'typeorm';
import { CLAIM_STATUSES, type ClaimStatus } from '@warranty/contracts/claims';
import type {
  ClaimCoverage,
  ClaimOutcome,
  RejectionReason,
  RequestedResolution,
  Resolution,
  ReviewFlag,
} from '@warranty/contracts/claims';

/** Every claim state, in lifecycle order: the claims context's own list. */
export const CLAIM_STATES = CLAIM_STATUSES;
export type ClaimState = ClaimStatus;

/** Money amounts are integer minor units: bigint in the table, numbers in JSON like the events. */
const minorUnits: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value == null ? null : Number(value)),
};

/** One claim as it stands now: the whole case for lists and the customer-service screen. */
@Entity({ name: 'claim_status' })
// As the migration creates them (there with filed_at and claim_id descending).
@Index('claim_status_manufacturer', ['manufacturerId', 'state', 'filedAt', 'claimId'])
@Index('claim_status_retailer', ['retailerId', 'state', 'filedAt', 'claimId'])
@Index('claim_status_serial', ['serialNumber', 'filedAt', 'claimId'])
@Index('claim_status_filed', ['filedAt', 'claimId'])
export class ClaimStatusView {
  /** Collated "C": ties in the list's order go by byte order, whatever the database locale. */
  @PrimaryColumn({ name: 'claim_id', type: 'text', collation: 'C' })
  claimId!: string;

  @Column({ type: 'text' })
  state!: ClaimState;

  @Column({ name: 'retailer_id', type: 'text' })
  retailerId!: string;

  @Column({ name: 'manufacturer_id', type: 'text' })
  manufacturerId!: string;

  /** Normalized (trimmed, upper-case). */
  @Column({ name: 'serial_number', type: 'text' })
  serialNumber!: string;

  @Column({ name: 'product_id', type: 'text', nullable: true })
  productId!: string | null;

  @Column({ type: 'text', nullable: true })
  model!: string | null;

  @Column({ name: 'product_category', type: 'text', nullable: true })
  productCategory!: string | null;

  @Column({ name: 'defect_category', type: 'text' })
  defectCategory!: string;

  /** The first characters of the description, for lists. */
  @Column({ name: 'defect_description', type: 'text' })
  defectDescription!: string;

  @Column({ name: 'customer_email', type: 'text' })
  customerEmail!: string;

  /** For search only; null on rows filed before it existed, until a rebuild of claim-status. */
  @Column({ name: 'customer_name', type: 'text', nullable: true })
  customerName!: string | null;

  @Column({ name: 'requested_resolution', type: 'text' })
  requestedResolution!: RequestedResolution;

  /** approved or rejected: the latest decision; null before one. */
  @Column({ type: 'text', nullable: true })
  decision!: 'approved' | 'rejected' | null;

  @Column({ name: 'decided_by', type: 'text', nullable: true })
  decidedBy!: string | null;

  @Column({ name: 'approved_resolution', type: 'text', nullable: true })
  approvedResolution!: Resolution | null;

  @Column({ name: 'approved_amount', type: 'bigint', nullable: true, transformer: minorUnits })
  approvedAmount!: number | null;

  @Column({ name: 'approved_currency', type: 'text', nullable: true })
  approvedCurrency!: string | null;

  @Column({ type: 'boolean' })
  goodwill!: boolean;

  /** Kept after an appeal, as history; `decision` tells whether it still stands. */
  @Column({ name: 'rejection_reason', type: 'text', nullable: true })
  rejectionReason!: RejectionReason | null;

  /** The rejection can no longer be appealed. */
  @Column({ name: 'rejection_final', type: 'boolean' })
  rejectionFinal!: boolean;

  @Column({ name: 'coverage_covered', type: 'boolean' })
  coverageCovered!: boolean;

  @Column({ name: 'coverage_plan_code', type: 'text', nullable: true })
  coveragePlanCode!: string | null;

  @Column({ name: 'coverage_end_date', type: 'date', nullable: true })
  coverageEndDate!: string | null;

  @Column({ name: 'coverage_reason', type: 'text', nullable: true })
  coverageReason!: ClaimCoverage['reason'];

  @Column({ name: 'coverage_source', type: 'text' })
  coverageSource!: ClaimCoverage['source'];

  @Column({ type: 'text', array: true })
  flags!: ReviewFlag[];

  /** flags is not empty. */
  @Column({ type: 'boolean' })
  flagged!: boolean;

  @Column({ name: 'appeal_used', type: 'boolean' })
  appealUsed!: boolean;

  /** The open information request's question and due date while info_requested. */
  @Column({ name: 'info_question', type: 'text', nullable: true })
  infoQuestion!: string | null;

  @Column({ name: 'info_due_by', type: 'timestamptz', nullable: true })
  infoDueBy!: Date | null;

  @Column({ name: 'outcome', type: 'text', nullable: true })
  outcome!: ClaimOutcome | null;

  @Column({ name: 'filed_at', type: 'timestamptz' })
  filedAt!: Date;

  /** The first reviewer action. */
  @Column({ name: 'review_started_at', type: 'timestamptz', nullable: true })
  reviewStartedAt!: Date | null;

  /** The latest information request and answer. */
  @Column({ name: 'info_requested_at', type: 'timestamptz', nullable: true })
  infoRequestedAt!: Date | null;

  @Column({ name: 'info_provided_at', type: 'timestamptz', nullable: true })
  infoProvidedAt!: Date | null;

  /** The latest decision. */
  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ name: 'appealed_at', type: 'timestamptz', nullable: true })
  appealedAt!: Date | null;

  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true })
  withdrawnAt!: Date | null;

  @Column({ name: 'fulfilment_started_at', type: 'timestamptz', nullable: true })
  fulfilmentStartedAt!: Date | null;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ name: 'rma_id', type: 'text', nullable: true })
  rmaId!: string | null;

  @Column({ name: 'repair_order_id', type: 'text', nullable: true })
  repairOrderId!: string | null;

  /** Domain time of the latest claim event this row knows. */
  @Column({ name: 'last_event_at', type: 'timestamptz' })
  lastEventAt!: Date;

  @Column({ name: 'last_revision', type: 'int' })
  lastRevision!: number;

  @Column({ name: 'updated_position', type: 'bigint', transformer: bigintTransformer })
  updatedPosition!: bigint;
}
