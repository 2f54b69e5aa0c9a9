import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CLAIM_OUTCOMES,
  EVIDENCE_KINDS,
  REJECTION_REASONS,
  RESOLUTIONS,
} from '../../domain/events';

export const DATE = { type: 'string', format: 'date' } as const;
export const INSTANT = { type: 'string', format: 'date-time' } as const;

export class ClaimMoneyView {
  @ApiProperty({ type: 'integer', description: 'Minor units (cents)' }) amount!: number;
  @ApiProperty({ example: 'EUR' }) currency!: string;
}

export class DefectView {
  @ApiProperty({ description: 'Trimmed and lower-cased' }) category!: string;
  @ApiProperty() description!: string;
}

export class EvidenceView {
  @ApiProperty({ enum: EVIDENCE_KINDS }) kind!: string;
  @ApiProperty() uri!: string;
  @ApiProperty({ description: 'Lower-case hex SHA-256 of the file' }) sha256!: string;
  @ApiProperty({ type: 'integer' }) sizeBytes!: number;
}

export class CustomerContactView {
  @ApiProperty() name!: string;
  @ApiProperty() email!: string;
  @ApiPropertyOptional() phone?: string;
}

export class ProofOfPurchaseView {
  @ApiProperty(DATE) date!: string;
  @ApiProperty() retailerId!: string;
  @ApiProperty() reference!: string;
}

export class ClaimCoverageView {
  @ApiProperty() covered!: boolean;
  @ApiProperty({ type: 'string', nullable: true }) planCode!: string | null;
  @ApiProperty({ ...DATE, nullable: true }) endDate!: string | null;
  @ApiProperty({ type: 'string', nullable: true, description: 'Why not covered' })
  reason!: string | null;
  @ApiProperty({ enum: ['registration', 'proof_of_purchase'] }) source!: string;
}

export class InfoRequestView {
  @ApiProperty() question!: string;
  @ApiProperty({ description: 'When the answer is due' }) dueBy!: string;
  @ApiProperty() by!: string;
  @ApiProperty(INSTANT) at!: string;
}

export class ApprovalView {
  @ApiProperty({ enum: RESOLUTIONS }) resolution!: string;
  @ApiProperty({ type: ClaimMoneyView, nullable: true }) approvedAmount!: ClaimMoneyView | null;
  @ApiProperty() goodwill!: boolean;
  @ApiProperty() notes!: string;
  @ApiProperty() decidedBy!: string;
  @ApiProperty(INSTANT) at!: string;
}

export class RejectionView {
  @ApiProperty({ enum: REJECTION_REASONS }) reasonCode!: string;
  @ApiProperty() notes!: string;
  @ApiProperty({ description: 'True when it can no longer be appealed' }) final!: boolean;
  @ApiProperty() decidedBy!: string;
  @ApiProperty(INSTANT) at!: string;
}

export class AppealView {
  @ApiProperty() grounds!: string;
  @ApiProperty() by!: string;
  @ApiProperty(INSTANT) at!: string;
}

export class FulfilmentView {
  @ApiProperty({ enum: RESOLUTIONS }) resolution!: string;
  @ApiProperty() rmaId!: string;
  @ApiProperty() by!: string;
  @ApiProperty(INSTANT) at!: string;
}

export class ResolutionView {
  @ApiProperty({ enum: CLAIM_OUTCOMES }) outcome!: string;
  @ApiProperty({ type: 'string', nullable: true }) rmaId!: string | null;
  @ApiProperty({ type: 'string', nullable: true }) repairOrderId!: string | null;
  @ApiProperty() by!: string;
  @ApiProperty(INSTANT) at!: string;
}

export class WithdrawalView {
  @ApiProperty() reason!: string;
  @ApiProperty({ enum: ['submitted', 'under_review', 'info_requested', 'appealed'] })
  previousState!: string;
  @ApiProperty() by!: string;
  @ApiProperty(INSTANT) at!: string;
}

export class ClosureView {
  @ApiProperty({ enum: ['resolved', 'rejected'] }) finalState!: string;
  @ApiProperty() by!: string;
  @ApiProperty(INSTANT) at!: string;
}
