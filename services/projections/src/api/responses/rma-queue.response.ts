import { ApiProperty } from '@nestjs/swagger';
import { RMA_TYPES } from '@warranty/contracts/returns';
import { RMA_QUEUE_STATES } from '../../schema/rma-queue-state';
import { DATE, INSTANT, NEXT_CURSOR, NULLABLE_STRING } from './common.response';

export class RmaQueueItemView {
  @ApiProperty({ format: 'uuid' }) rmaId!: string;
  @ApiProperty({ example: 'RMA-2026-000123' }) rmaNumber!: string;
  @ApiProperty({ enum: RMA_TYPES }) type!: string;
  @ApiProperty({ enum: RMA_QUEUE_STATES }) state!: string;
  @ApiProperty() manufacturerId!: string;
  @ApiProperty(NULLABLE_STRING) retailerId!: string | null;
  @ApiProperty({ ...NULLABLE_STRING, description: 'The claim a warranty return fulfils' })
  claimId!: string | null;
  @ApiProperty({ type: 'integer' }) linesCount!: number;
  @ApiProperty({ type: [String] }) serialNumbers!: string[];
  @ApiProperty({ ...DATE, description: 'The units must arrive by the end of this day (UTC)' })
  returnBy!: string;
  @ApiProperty({ description: 'Not everything arrived and the return-by day has passed' })
  overdue!: boolean;
  @ApiProperty(NULLABLE_STRING) carrier!: string | null;
  @ApiProperty(NULLABLE_STRING) trackingNumber!: string | null;
  @ApiProperty(INSTANT) authorizedAt!: string;
  @ApiProperty({ ...INSTANT, description: 'The latest change' }) lastEventAt!: string;
  @ApiProperty({ type: 'integer' }) revision!: number;
}

export class RmaQueuePageView {
  @ApiProperty({ type: [RmaQueueItemView] }) items!: RmaQueueItemView[];
  @ApiProperty(NEXT_CURSOR) nextCursor!: string | null;
}
