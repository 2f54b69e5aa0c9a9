import { ApiProperty } from '@nestjs/swagger';
import { REPAIR_ORDER_STATUSES } from '@warranty/contracts/repairs';
import { DATE, INSTANT, NEXT_CURSOR, NULLABLE_STRING } from './common.response';

export class RepairQueueItemView {
  @ApiProperty() repairOrderId!: string;
  @ApiProperty({ enum: REPAIR_ORDER_STATUSES }) state!: string;
  @ApiProperty() manufacturerId!: string;
  @ApiProperty(NULLABLE_STRING) retailerId!: string | null;
  @ApiProperty() serviceCenterId!: string;
  @ApiProperty(NULLABLE_STRING) technicianId!: string | null;
  @ApiProperty(NULLABLE_STRING) claimId!: string | null;
  @ApiProperty(NULLABLE_STRING) rmaId!: string | null;
  @ApiProperty({ example: 'acme-appliances~SN-001' }) productId!: string;
  @ApiProperty() serialNumber!: string;
  @ApiProperty({ description: 'The warranty covers the repair' }) covered!: boolean;
  @ApiProperty() reportedDefect!: string;
  @ApiProperty({ type: 'integer' }) qualityCheckFailures!: number;
  @ApiProperty({ description: 'Three failed quality checks' }) flagged!: boolean;
  @ApiProperty({
    ...DATE,
    description: 'The last day of the turnaround: 14 calendar days after the day it opened (UTC)',
  })
  dueOn!: string;
  @ApiProperty({ description: 'Still in the shop and the due day has passed' }) overdue!: boolean;
  @ApiProperty(INSTANT) openedAt!: string;
  @ApiProperty({ ...INSTANT, description: 'The latest change' }) lastEventAt!: string;
  @ApiProperty({ type: 'integer' }) revision!: number;
}

export class RepairQueuePageView {
  @ApiProperty({ type: [RepairQueueItemView] }) items!: RepairQueueItemView[];
  @ApiProperty(NEXT_CURSOR) nextCursor!: string | null;
}
