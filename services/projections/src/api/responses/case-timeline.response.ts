import { ApiProperty } from '@nestjs/swagger';
import { INSTANT, NEXT_CURSOR, NULLABLE_STRING } from './common.response';

export class CaseTimelineItemView {
  @ApiProperty({
    example: '1042',
    description: 'Global position in the log: the order of the list',
  })
  position!: string;
  @ApiProperty({ ...INSTANT, description: 'When it happened (domain time)' }) at!: string;
  @ApiProperty({ enum: ['claim', 'rma', 'repair'] }) source!: string;
  @ApiProperty({ description: 'The claim, RMA or repair order id' }) subjectId!: string;
  @ApiProperty({ example: 'rma-0b6c…' }) stream!: string;
  @ApiProperty({ example: 'ReturnShipped' }) type!: string;
  @ApiProperty({ type: 'integer', description: 'Revision within its stream' }) revision!: number;
  @ApiProperty({ ...NULLABLE_STRING, example: 'manufacturer' }) actorRole!: string | null;
  @ApiProperty({
    example: 'RMA-2026-000001 shipped to the manufacturer with DHL (tracking JD0001)',
  })
  description!: string;
}

/** Every event of a claim, its RMAs and its repair orders, oldest first. */
export class CaseTimelineView {
  @ApiProperty({ type: [CaseTimelineItemView] }) items!: CaseTimelineItemView[];
  @ApiProperty(NEXT_CURSOR) nextCursor!: string | null;
}
