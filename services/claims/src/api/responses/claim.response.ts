import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { HistoryEntryView } from '@warranty/platform';
import { REQUESTED_RESOLUTIONS } from '../../domain/events';
import { REVIEW_FLAGS } from '../../domain/review-flags';
import { CLAIM_STATUSES } from '../../domain/claim.state';
import {
  AppealView,
  ApprovalView,
  ClaimCoverageView,
  ClosureView,
  CustomerContactView,
  DATE,
  DefectView,
  EvidenceView,
  FulfilmentView,
  INSTANT,
  InfoRequestView,
  ProofOfPurchaseView,
  RejectionView,
  ResolutionView,
  WithdrawalView,
} from './claim-parts.response';

/** A claim as its stream knows it. */
export class ClaimView {
  @ApiProperty({ format: 'uuid' }) claimId!: string;
  @ApiProperty({ enum: CLAIM_STATUSES }) state!: string;
  @ApiProperty() retailerId!: string;
  @ApiProperty() manufacturerId!: string;
  @ApiProperty() serialNumber!: string;
  @ApiProperty({ type: 'string', nullable: true }) productId!: string | null;
  @ApiProperty({ type: 'string', nullable: true }) model!: string | null;
  @ApiProperty({ type: 'string', nullable: true }) productCategory!: string | null;
  @ApiProperty(DATE) purchaseDate!: string;
  @ApiProperty(DATE) failureDate!: string;
  @ApiProperty({ type: DefectView }) defect!: DefectView;
  @ApiProperty({ type: [EvidenceView] }) evidence!: EvidenceView[];
  @ApiProperty({ type: CustomerContactView }) customer!: CustomerContactView;
  @ApiProperty({ enum: REQUESTED_RESOLUTIONS }) requestedResolution!: string;
  @ApiProperty({ type: ProofOfPurchaseView, nullable: true })
  proofOfPurchase!: ProofOfPurchaseView | null;
  @ApiProperty({ type: ClaimCoverageView, description: 'As assessed on the failure date' })
  coverage!: ClaimCoverageView;
  @ApiProperty({
    enum: REVIEW_FLAGS,
    isArray: true,
    description:
      "The manufacturer, auditors and admins also see the unit's flags over every retailer's claims (`open_claim_on_unit`, `many_claims_on_unit`)",
  })
  flags!: string[];
  @ApiProperty(INSTANT) filedAt!: string;
  @ApiProperty({ type: InfoRequestView, nullable: true }) infoRequest!: InfoRequestView | null;
  @ApiProperty({ type: ApprovalView, nullable: true }) approval!: ApprovalView | null;
  @ApiProperty({ type: RejectionView, nullable: true }) rejection!: RejectionView | null;
  @ApiProperty({ type: AppealView, nullable: true }) appeal!: AppealView | null;
  @ApiProperty({ type: FulfilmentView, nullable: true }) fulfilment!: FulfilmentView | null;
  @ApiProperty({ type: ResolutionView, nullable: true }) resolution!: ResolutionView | null;
  @ApiProperty({ type: WithdrawalView, nullable: true }) withdrawal!: WithdrawalView | null;
  @ApiProperty({ type: ClosureView, nullable: true }) closure!: ClosureView | null;
  @ApiProperty(INSTANT) updatedAt!: string;
  @ApiProperty({ type: 'integer', description: 'Stream revision, also the ETag' })
  revision!: number;
}

/** The claim as read; with asOf, as it stood then. */
export class ClaimReadView extends ClaimView {
  @ApiPropertyOptional({ description: 'Echoed when asked for' }) asOf?: string;
}

/** A claim after a command: where its stream now stands. */
export class ClaimReceiptView extends ClaimView {
  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'Global position of the last event written; pass it as minPosition',
  })
  position!: string | null;
}

export class ClaimHistoryEntryView extends HistoryEntryView {}

export class ClaimHistoryView {
  @ApiProperty({ format: 'uuid' }) claimId!: string;
  @ApiProperty({ type: [ClaimHistoryEntryView] }) events!: ClaimHistoryEntryView[];
}

export class ReviewPolicyView {
  @ApiProperty() manufacturerId!: string;
  @ApiProperty({ type: 'integer' }) soonAfterPurchaseDays!: number;
  @ApiProperty({ type: 'integer' }) maxClaimsPerUnit!: number;
  @ApiProperty({ type: 'integer' }) maxClaimsPerCustomerPerYear!: number;
  @ApiProperty({ type: 'integer', description: 'Stream revision; -1 before the first change' })
  revision!: number;
}

export class ReviewPolicyReceiptView extends ReviewPolicyView {
  @ApiProperty({ type: 'string', nullable: true }) position!: string | null;
}
