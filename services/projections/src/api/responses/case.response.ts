import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { REPAIR_ORDER_STATUSES } from '@warranty/contracts/repairs';
import { RMA_TYPES } from '@warranty/contracts/returns';
import { SLA_SUBJECT_KINDS } from '@warranty/contracts/sla';
import { RMA_QUEUE_STATES } from '../../schema/rma-queue-state';
import { DATE, INSTANT, NULLABLE_STRING } from './common.response';
import { CoverageSummaryView, DefectSummaryView, MoneyAmountView } from './claims-list.response';

export class CaseHolderView {
  @ApiProperty({ enum: ['retailer', 'manufacturer', 'customer', 'nobody'] }) party!: string;
  @ApiProperty(NULLABLE_STRING) tenantId!: string | null;
}

export class CaseDecisionView {
  @ApiProperty({ enum: ['approved', 'rejected'] }) outcome!: string;
  @ApiProperty({ ...INSTANT, nullable: true }) at!: string | null;
  @ApiProperty(NULLABLE_STRING) by!: string | null;
  @ApiProperty(NULLABLE_STRING) resolution!: string | null;
  @ApiProperty({ type: MoneyAmountView, nullable: true }) approvedAmount!: MoneyAmountView | null;
  @ApiProperty() goodwill!: boolean;
  @ApiProperty(NULLABLE_STRING) rejectionReason!: string | null;
  @ApiProperty({ description: 'A rejection that can no longer be appealed' }) final!: boolean;
}

export class CaseCoverageView extends CoverageSummaryView {
  @ApiProperty({ description: 'The coverage in plain words' }) summary!: string;
}

export class CaseInfoRequestView {
  @ApiProperty(NULLABLE_STRING) question!: string | null;
  @ApiProperty(NULLABLE_STRING) dueBy!: string | null;
}

export class CaseMilestoneView {
  @ApiProperty({ example: 'filed' }) name!: string;
  @ApiProperty() label!: string;
  @ApiProperty(INSTANT) at!: string;
}

export class CaseRmaHolderView {
  @ApiProperty({ enum: ['retailer', 'customer', 'carrier', 'manufacturer', 'nobody'] })
  party!: string;
  @ApiProperty(NULLABLE_STRING) tenantId!: string | null;
  @ApiProperty({ example: "The manufacturer's RMA desk" }) inWords!: string;
}

export class CaseRmaStepView {
  @ApiProperty({ enum: RMA_QUEUE_STATES }) state!: string;
  @ApiProperty({ example: 'Received' }) label!: string;
  @ApiProperty({ ...INSTANT, description: 'When the RMA first reached the state' }) at!: string;
}

export class CaseRmaView {
  @ApiProperty({ format: 'uuid' }) rmaId!: string;
  @ApiProperty({ example: 'RMA-2026-000123' }) rmaNumber!: string;
  @ApiProperty({ enum: RMA_TYPES }) type!: string;
  @ApiProperty({ enum: RMA_QUEUE_STATES }) state!: string;
  @ApiProperty({ example: 'Unit received, waiting for inspection (RMA-2026-000123)' })
  stateInWords!: string;
  @ApiProperty({ type: CaseRmaHolderView }) heldBy!: CaseRmaHolderView;
  @ApiProperty(DATE) returnBy!: string;
  @ApiProperty(NULLABLE_STRING) carrier!: string | null;
  @ApiProperty(NULLABLE_STRING) trackingNumber!: string | null;
  @ApiProperty({ type: [CaseRmaStepView] }) steps!: CaseRmaStepView[];
  @ApiProperty({ type: 'integer' }) revision!: number;
  @ApiPropertyOptional({ ...INSTANT, description: 'With asOf: the instant the case is shown at' })
  asOf?: string;
}

export class CaseRepairHolderView {
  @ApiProperty({ enum: ['service_center', 'retailer', 'customer', 'nobody'] }) party!: string;
  @ApiProperty(NULLABLE_STRING) tenantId!: string | null;
  @ApiProperty(NULLABLE_STRING) technicianId!: string | null;
  @ApiProperty({ example: 'Service center fixit-depot, technician tech-7' }) inWords!: string;
}

export class CaseRepairStepView {
  @ApiProperty({ enum: [...REPAIR_ORDER_STATUSES, 'reassigned'] }) state!: string;
  @ApiProperty({ example: 'Diagnosed: worn drum bearing (fault E21)' }) label!: string;
  @ApiProperty({ ...INSTANT, description: 'When the order first reached the state' }) at!: string;
}

export class CaseRepairView {
  @ApiProperty() repairOrderId!: string;
  @ApiProperty({ enum: REPAIR_ORDER_STATUSES }) state!: string;
  @ApiProperty({ example: 'Waiting for parts at fixit-depot' }) stateInWords!: string;
  @ApiProperty({ type: CaseRepairHolderView }) heldBy!: CaseRepairHolderView;
  @ApiProperty() serviceCenterId!: string;
  @ApiProperty(NULLABLE_STRING) technicianId!: string | null;
  @ApiProperty({ description: 'The warranty covers the repair' }) covered!: boolean;
  @ApiProperty({ description: 'Three failed quality checks' }) flagged!: boolean;
  @ApiProperty(NULLABLE_STRING) carrier!: string | null;
  @ApiProperty(NULLABLE_STRING) trackingNumber!: string | null;
  @ApiProperty({ type: [CaseRepairStepView] }) steps!: CaseRepairStepView[];
  @ApiProperty({ type: 'integer' }) revision!: number;
  @ApiPropertyOptional({ ...INSTANT, description: 'With asOf: the instant the case is shown at' })
  asOf?: string;
}

export class CaseChainStepView {
  @ApiProperty({ enum: ['claim', 'rma', 'repair', 'outcome'] }) step!: string;
  @ApiProperty({ example: 'RMA-2026-000001 authorized (2026-11-20 10:02 UTC)' }) text!: string;
  @ApiProperty(INSTANT) at!: string;
}

export class CaseSlaView {
  @ApiProperty({ enum: SLA_SUBJECT_KINDS, description: 'What the SLA runs on' }) subject!: string;
  @ApiProperty({ description: 'The claim, RMA or repair order id' }) subjectId!: string;
  @ApiProperty({ example: 'claim_decision' }) sla!: string;
  @ApiProperty({
    enum: ['running', 'paused', 'at_risk', 'breached', 'met', 'cancelled', 'not_computable'],
    description:
      '`not_computable`: its due time would fall after 2199-12-31, the platform’s last date; `timeLeft` says why',
  })
  state!: string;
  @ApiProperty({ ...INSTANT, nullable: true, description: 'Null while paused or not computable' })
  dueAt!: string | null;
  @ApiProperty({
    example: 'due in 1 business day, by Tue 17:00 Europe/Berlin',
    description:
      'Business time left (or overdue) on the SLA calendar, reckoned when asked (with asOf, at ' +
      'that instant); once stopped, the outcome and when (a breach at its due time: ' +
      '`breached at …, stopped at …`)',
  })
  timeLeft!: string;
}

/** What a customer-service screen shows for one claim. */
export class CaseView {
  @ApiProperty() claimId!: string;
  @ApiProperty() state!: string;
  @ApiProperty() stateInWords!: string;
  @ApiProperty() nextStep!: string;
  @ApiProperty({ type: CaseHolderView }) heldBy!: CaseHolderView;
  @ApiProperty() retailerId!: string;
  @ApiProperty() manufacturerId!: string;
  @ApiProperty() serialNumber!: string;
  @ApiProperty(NULLABLE_STRING) productId!: string | null;
  @ApiProperty(NULLABLE_STRING) model!: string | null;
  @ApiProperty(NULLABLE_STRING) productCategory!: string | null;
  @ApiProperty({ type: DefectSummaryView }) defect!: DefectSummaryView;
  @ApiProperty() requestedResolution!: string;
  @ApiProperty({ type: CaseDecisionView, nullable: true }) decision!: CaseDecisionView | null;
  @ApiProperty({ type: CaseCoverageView }) coverage!: CaseCoverageView;
  @ApiProperty({ type: [String] }) flags!: string[];
  @ApiProperty({ type: CaseInfoRequestView, nullable: true })
  infoRequest!: CaseInfoRequestView | null;
  @ApiProperty(NULLABLE_STRING) outcome!: string | null;
  @ApiProperty({ type: [CaseMilestoneView] }) milestones!: CaseMilestoneView[];
  @ApiProperty(NULLABLE_STRING) rmaId!: string | null;
  @ApiProperty(NULLABLE_STRING) repairOrderId!: string | null;
  @ApiProperty({
    type: CaseRmaView,
    nullable: true,
    description: 'The RMA authorized for this claim, once there is one',
  })
  rma!: CaseRmaView | null;
  @ApiProperty({
    type: CaseRepairView,
    nullable: true,
    description: 'The repair order for this claim, opened on it or on its RMA, once there is one',
  })
  repair!: CaseRepairView | null;
  @ApiProperty({
    type: [CaseChainStepView],
    description:
      'Claim, RMA number, repair order and outcome in plain words, as far as the case has got',
  })
  chain!: CaseChainStepView[];
  @ApiProperty({
    type: [CaseSlaView],
    description: 'The SLAs of the claim, its RMA and its repair order: claim first, then by start',
  })
  slas!: CaseSlaView[];
  @ApiProperty(INSTANT) lastEventAt!: string;
  @ApiProperty({ type: 'integer' }) revision!: number;
  @ApiPropertyOptional({ ...INSTANT, description: 'With asOf: the instant the case is shown at' })
  asOf?: string;
}
