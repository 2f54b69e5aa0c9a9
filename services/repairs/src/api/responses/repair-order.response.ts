import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { HistoryEntryView } from '@warranty/platform';
import { REPAIR_ORDER_STATUSES, REPAIR_OUTCOMES } from '../../domain/events';

const INSTANT = { type: 'string', format: 'date-time' } as const;
const NULLABLE_TEXT = { type: 'string', nullable: true } as const;

export class RepairMoneyView {
  @ApiProperty({ type: 'integer', description: 'Minor units (cents)' }) amount!: number;
  @ApiProperty({ example: 'EUR' }) currency!: string;
}

export class RepairPartView {
  @ApiProperty() sku!: string;
  @ApiProperty({ type: 'integer' }) quantity!: number;
  @ApiProperty({ type: RepairMoneyView }) unitCost!: RepairMoneyView;
}

export class PartQuantityView {
  @ApiProperty() sku!: string;
  @ApiProperty({ type: 'integer' }) quantity!: number;
}

export class RepairRatesView {
  @ApiProperty({ type: RepairMoneyView }) laborRatePerHour!: RepairMoneyView;
  @ApiProperty({ type: 'integer', description: 'Basis points (1500 = 15%)' })
  partsMarkupBasisPoints!: number;
  @ApiProperty({ type: RepairMoneyView }) diagnosisFee!: RepairMoneyView;
}

export class EstimateView {
  @ApiProperty({ type: [RepairPartView] }) parts!: RepairPartView[];
  @ApiProperty({ type: 'integer' }) laborMinutes!: number;
  @ApiProperty({ type: RepairMoneyView, description: 'Parts with markup plus labor' })
  total!: RepairMoneyView;
}

export class DiagnosisView {
  @ApiProperty() findings!: string;
  @ApiProperty() faultCode!: string;
  @ApiProperty({ type: EstimateView }) estimate!: EstimateView;
  @ApiProperty({ type: RepairMoneyView, description: 'What the customer would pay' })
  customerShare!: RepairMoneyView;
  @ApiProperty() approvalRequired!: boolean;
  @ApiProperty() by!: string;
  @ApiProperty(INSTANT) at!: string;
}

export class EstimateDecisionView {
  @ApiProperty({ enum: ['approved', 'declined'] }) decision!: string;
  @ApiProperty() by!: string;
  @ApiProperty(INSTANT) at!: string;
}

export class RepairShipmentView {
  @ApiProperty() carrier!: string;
  @ApiProperty() trackingNumber!: string;
  @ApiProperty({ description: 'False when sent back unrepaired' }) repaired!: boolean;
  @ApiProperty(INSTANT) at!: string;
}

export class RepairCostsView {
  @ApiProperty({ type: RepairMoneyView }) partsCost!: RepairMoneyView;
  @ApiProperty({ type: RepairMoneyView }) partsCharge!: RepairMoneyView;
  @ApiProperty({ type: 'integer' }) laborMinutes!: number;
  @ApiProperty({ type: RepairMoneyView }) laborCost!: RepairMoneyView;
  @ApiProperty({ type: RepairMoneyView }) diagnosisFee!: RepairMoneyView;
  @ApiProperty({ type: RepairMoneyView }) gross!: RepairMoneyView;
  @ApiProperty({ type: RepairMoneyView, description: 'What the manufacturer pays' })
  reimbursement!: RepairMoneyView;
  @ApiProperty({ type: RepairMoneyView, description: 'What the customer pays' })
  customerCharge!: RepairMoneyView;
}

export class RepairEndView {
  @ApiProperty({ enum: [...REPAIR_OUTCOMES, 'unrepairable'] }) outcome!: string;
  @ApiProperty(NULLABLE_TEXT) reason!: string | null;
  @ApiProperty({ type: RepairCostsView }) costs!: RepairCostsView;
  @ApiProperty(INSTANT) at!: string;
}

export class RepairOrderView {
  @ApiProperty({ format: 'uuid' }) repairOrderId!: string;
  @ApiProperty({ enum: REPAIR_ORDER_STATUSES }) state!: string;
  @ApiProperty() manufacturerId!: string;
  @ApiProperty(NULLABLE_TEXT) retailerId!: string | null;
  @ApiProperty() serviceCenterId!: string;
  @ApiProperty(NULLABLE_TEXT) claimId!: string | null;
  @ApiProperty(NULLABLE_TEXT) rmaId!: string | null;
  @ApiProperty() serialNumber!: string;
  @ApiProperty(NULLABLE_TEXT) productId!: string | null;
  @ApiProperty(NULLABLE_TEXT) model!: string | null;
  @ApiProperty({ description: 'The plan covers parts and labor' }) covered!: boolean;
  @ApiProperty(NULLABLE_TEXT) notCoveredReason!: string | null;
  @ApiProperty({ description: 'Covered as the manufacturer’s goodwill, not by the plan' })
  goodwill!: boolean;
  @ApiProperty(NULLABLE_TEXT) planCode!: string | null;
  @ApiProperty({ type: RepairMoneyView, nullable: true }) planLimit!: RepairMoneyView | null;
  @ApiProperty() reportedDefect!: string;
  @ApiProperty({ type: RepairRatesView }) rates!: RepairRatesView;
  @ApiProperty(NULLABLE_TEXT) technician!: string | null;
  @ApiProperty({ type: DiagnosisView, nullable: true }) diagnosis!: DiagnosisView | null;
  @ApiProperty({ type: EstimateDecisionView, nullable: true })
  estimateDecision!: EstimateDecisionView | null;
  @ApiProperty({ type: [PartQuantityView] }) partsOrdered!: PartQuantityView[];
  @ApiProperty({ type: [RepairPartView] }) partsReceived!: RepairPartView[];
  @ApiProperty({ type: 'integer' }) laborMinutes!: number;
  @ApiProperty({ type: 'integer' }) qualityCheckFailures!: number;
  @ApiProperty({ description: 'Three or more failed quality checks' }) flagged!: boolean;
  @ApiProperty({ type: RepairShipmentView, nullable: true }) shipment!: RepairShipmentView | null;
  @ApiProperty({ type: RepairEndView, nullable: true }) ended!: RepairEndView | null;
  @ApiProperty() openedBy!: string;
  @ApiProperty(INSTANT) openedAt!: string;
  @ApiProperty(INSTANT) updatedAt!: string;
  @ApiProperty({ type: 'integer', description: 'Stream revision, also the ETag' })
  revision!: number;
}

export class RepairOrderReadView extends RepairOrderView {
  @ApiPropertyOptional({ description: 'Echoed when asked for' }) asOf?: string;
}

export class RepairOrderReceiptView extends RepairOrderView {
  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'Global position of the last event written; pass it as minPosition',
  })
  position!: string | null;
}

export class RepairOrderHistoryEntryView extends HistoryEntryView {}

export class RepairOrderHistoryView {
  @ApiProperty({ format: 'uuid' }) repairOrderId!: string;
  @ApiProperty({ type: [RepairOrderHistoryEntryView] }) events!: RepairOrderHistoryEntryView[];
}

export class RepairRatesReadView extends RepairRatesView {
  @ApiProperty() manufacturerId!: string;
  @ApiProperty() serviceCenterId!: string;
  @ApiProperty({ type: 'integer', description: 'Stream revision; -1 before the first change' })
  revision!: number;
}

export class RepairRatesReceiptView extends RepairRatesReadView {
  @ApiProperty({ type: 'string', nullable: true }) position!: string | null;
}
