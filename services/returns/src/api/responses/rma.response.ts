import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { HistoryEntryView } from '@warranty/platform';
import {
  DISPOSITIONS,
  INSPECTION_FINDINGS,
  INSPECTION_GRADES,
  RMA_LINE_STATUSES,
  RMA_STATUSES,
  RMA_TYPES,
} from '../../domain/events';

const DATE = { type: 'string', format: 'date' } as const;
const INSTANT = { type: 'string', format: 'date-time' } as const;

export class RmaMoneyView {
  @ApiProperty({ type: 'integer', description: 'Minor units (cents)' }) amount!: number;
  @ApiProperty({ example: 'EUR' }) currency!: string;
}

export class ShipmentView {
  @ApiProperty() carrier!: string;
  @ApiProperty() trackingNumber!: string;
}

export class ShipmentSentView extends ShipmentView {
  @ApiProperty(INSTANT) at!: string;
}

export class ShipToView {
  @ApiProperty() locationId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() address!: string;
}

export class ReceiptView {
  @ApiProperty() expectedSerialNumber!: string;
  @ApiProperty() receivedSerialNumber!: string;
  @ApiProperty({ description: 'False records a mismatch' }) serialMatches!: boolean;
  @ApiProperty() notes!: string;
  @ApiProperty() by!: string;
  @ApiProperty(INSTANT) at!: string;
}

export class InspectionView {
  @ApiProperty({ enum: INSPECTION_GRADES }) grade!: string;
  @ApiProperty({ enum: INSPECTION_FINDINGS }) finding!: string;
  @ApiProperty({ enum: DISPOSITIONS }) disposition!: string;
  @ApiProperty() inspector!: string;
  @ApiProperty() notes!: string;
  @ApiProperty(INSTANT) at!: string;
}

export class RmaLineView {
  @ApiProperty({ example: 'line-1' }) lineId!: string;
  @ApiProperty() serialNumber!: string;
  @ApiProperty({ type: 'string', nullable: true }) productId!: string | null;
  @ApiProperty({ type: 'string', nullable: true }) model!: string | null;
  @ApiProperty({ type: RmaMoneyView, nullable: true }) price!: RmaMoneyView | null;
  @ApiProperty({ enum: RMA_LINE_STATUSES }) state!: string;
  @ApiProperty({ type: ReceiptView, nullable: true }) receipt!: ReceiptView | null;
  @ApiProperty({ type: InspectionView, nullable: true }) inspection!: InspectionView | null;
  @ApiProperty({ enum: DISPOSITIONS, nullable: true, description: 'The disposition applied' })
  disposition!: string | null;
  @ApiProperty({ type: 'string', nullable: true }) replacementSerialNumber!: string | null;
  @ApiProperty({ type: 'integer' }) refunded!: number;
  @ApiProperty({ type: 'integer' }) credited!: number;
  @ApiProperty() depositCharged!: boolean;
}

export class RmaEndView {
  @ApiProperty({ enum: ['closed', 'expired', 'cancelled'] }) state!: string;
  @ApiProperty({ type: 'string', nullable: true }) reason!: string | null;
  @ApiProperty(INSTANT) at!: string;
}

export class RmaView {
  @ApiProperty({ format: 'uuid' }) rmaId!: string;
  @ApiProperty({ example: 'RMA-2026-000123' }) rmaNumber!: string;
  @ApiProperty({ enum: RMA_STATUSES }) state!: string;
  @ApiProperty({ enum: RMA_TYPES }) type!: string;
  @ApiProperty() manufacturerId!: string;
  @ApiProperty({ type: 'string', nullable: true }) retailerId!: string | null;
  @ApiProperty({ type: 'string', nullable: true }) claimId!: string | null;
  @ApiProperty({ type: [RmaLineView] }) lines!: RmaLineView[];
  @ApiProperty({ type: ShipToView }) shipTo!: ShipToView;
  @ApiProperty({ ...DATE, description: 'Due back by the end of this day (UTC)' }) returnBy!: string;
  @ApiProperty({ type: ShipmentView }) shippingLabel!: ShipmentView;
  @ApiProperty({ type: RmaMoneyView, nullable: true }) deposit!: RmaMoneyView | null;
  @ApiProperty({ type: ShipmentSentView, nullable: true }) shipment!: ShipmentSentView | null;
  @ApiProperty({ type: RmaEndView, nullable: true }) ended!: RmaEndView | null;
  @ApiProperty() authorizedBy!: string;
  @ApiProperty(INSTANT) authorizedAt!: string;
  @ApiProperty(INSTANT) updatedAt!: string;
  @ApiProperty({ type: 'integer', description: 'Stream revision, also the ETag' })
  revision!: number;
}

export class RmaReadView extends RmaView {
  @ApiPropertyOptional({ description: 'Echoed when asked for' }) asOf?: string;
}

export class RmaReceiptView extends RmaView {
  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'Global position of the last event written; pass it as minPosition',
  })
  position!: string | null;
}

export class RmaHistoryEntryView extends HistoryEntryView {}

export class RmaHistoryView {
  @ApiProperty({ format: 'uuid' }) rmaId!: string;
  @ApiProperty({ type: [RmaHistoryEntryView] }) events!: RmaHistoryEntryView[];
}

export class ReturnPolicyView {
  @ApiProperty() tenantId!: string;
  @ApiProperty({ type: 'integer' }) returnWindowDays!: number;
  @ApiProperty({ type: 'integer' }) receiptDeadlineDays!: number;
  @ApiProperty({ type: 'integer', description: 'Stream revision; -1 before the first change' })
  revision!: number;
}

export class ReturnPolicyReceiptView extends ReturnPolicyView {
  @ApiProperty({ type: 'string', nullable: true }) position!: string | null;
}
