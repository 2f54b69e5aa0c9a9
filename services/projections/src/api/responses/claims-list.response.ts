import { ApiProperty } from '@nestjs/swagger';
import { CLAIM_STATES } from '../../schema';
import { DATE, INSTANT, NEXT_CURSOR, NULLABLE_STRING } from './common.response';

const NULLABLE_INSTANT = { ...INSTANT, nullable: true } as const;

export class MoneyAmountView {
  @ApiProperty({ type: 'integer', description: 'Minor units (cents)' }) amount!: number;
  @ApiProperty() currency!: string;
}

export class DefectSummaryView {
  @ApiProperty() category!: string;
  @ApiProperty() description!: string;
}

export class CoverageSummaryView {
  @ApiProperty() covered!: boolean;
  @ApiProperty(NULLABLE_STRING) planCode!: string | null;
  @ApiProperty({ ...DATE, nullable: true }) endDate!: string | null;
  @ApiProperty(NULLABLE_STRING) reason!: string | null;
  @ApiProperty({ enum: ['registration', 'proof_of_purchase'] }) source!: string;
}

export class ClaimSummaryView {
  @ApiProperty({ format: 'uuid' }) claimId!: string;
  @ApiProperty({ enum: CLAIM_STATES }) state!: string;
  @ApiProperty() retailerId!: string;
  @ApiProperty() manufacturerId!: string;
  @ApiProperty() serialNumber!: string;
  @ApiProperty(NULLABLE_STRING) productId!: string | null;
  @ApiProperty(NULLABLE_STRING) model!: string | null;
  @ApiProperty(NULLABLE_STRING) productCategory!: string | null;
  @ApiProperty({ type: DefectSummaryView }) defect!: DefectSummaryView;
  @ApiProperty() customerEmail!: string;
  @ApiProperty() requestedResolution!: string;
  @ApiProperty({ enum: ['approved', 'rejected'], nullable: true }) decision!: string | null;
  @ApiProperty(NULLABLE_STRING) approvedResolution!: string | null;
  @ApiProperty({ type: MoneyAmountView, nullable: true }) approvedAmount!: MoneyAmountView | null;
  @ApiProperty() goodwill!: boolean;
  @ApiProperty(NULLABLE_STRING) rejectionReason!: string | null;
  @ApiProperty({ type: CoverageSummaryView }) coverage!: CoverageSummaryView;
  @ApiProperty({ type: [String] }) flags!: string[];
  @ApiProperty() flagged!: boolean;
  @ApiProperty() appealUsed!: boolean;
  @ApiProperty(NULLABLE_STRING) infoDueBy!: string | null;
  @ApiProperty(NULLABLE_STRING) outcome!: string | null;
  @ApiProperty(INSTANT) filedAt!: string;
  @ApiProperty(NULLABLE_INSTANT) reviewStartedAt!: string | null;
  @ApiProperty(NULLABLE_INSTANT) infoRequestedAt!: string | null;
  @ApiProperty(NULLABLE_INSTANT) infoProvidedAt!: string | null;
  @ApiProperty(NULLABLE_INSTANT) decidedAt!: string | null;
  @ApiProperty(NULLABLE_INSTANT) appealedAt!: string | null;
  @ApiProperty(NULLABLE_INSTANT) withdrawnAt!: string | null;
  @ApiProperty(NULLABLE_INSTANT) fulfilmentStartedAt!: string | null;
  @ApiProperty(NULLABLE_INSTANT) resolvedAt!: string | null;
  @ApiProperty(NULLABLE_INSTANT) closedAt!: string | null;
  @ApiProperty(NULLABLE_STRING) rmaId!: string | null;
  @ApiProperty(NULLABLE_STRING) repairOrderId!: string | null;
  @ApiProperty(INSTANT) lastEventAt!: string;
  @ApiProperty({ type: 'integer' }) revision!: number;
}

export class ClaimPageView {
  @ApiProperty({ type: [ClaimSummaryView] }) items!: ClaimSummaryView[];
  @ApiProperty(NEXT_CURSOR) nextCursor!: string | null;
}
