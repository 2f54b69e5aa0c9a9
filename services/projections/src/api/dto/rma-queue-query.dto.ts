import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { RMA_TYPES, type RmaType } from '@warranty/contracts/returns';
import { RMA_QUEUE_STATES, type RmaQueueState } from '../../schema/rma-queue-state';
import { Cursor, MinPosition, OneOf, PageLimit, SerialNumber, TenantId } from '@warranty/platform';
import { MAX_RMA_PAGE, RMA_QUEUE_SORTS, type RmaQueueSort } from '../../queries/rma-queue.query';
import { OptionalBooleanQuery } from './boolean-from-query';

export class RmaQueueQueryDto {
  @ApiPropertyOptional({ enum: RMA_QUEUE_STATES })
  @IsOptional()
  @OneOf(RMA_QUEUE_STATES, 'state')
  state?: RmaQueueState;

  @ApiPropertyOptional({ enum: RMA_TYPES })
  @IsOptional()
  @OneOf(RMA_TYPES, 'type')
  type?: RmaType;

  @ApiPropertyOptional({ description: 'A retailer always sees only the RMAs for units it sold' })
  @IsOptional()
  @TenantId('retailerId')
  retailerId?: string;

  @ApiPropertyOptional({ description: 'A manufacturer always sees only the RMAs on its products' })
  @IsOptional()
  @TenantId('manufacturerId')
  manufacturerId?: string;

  @ApiPropertyOptional({ description: 'Any line’s serial, case-insensitively, without blanks' })
  @IsOptional()
  @SerialNumber()
  serialNumber?: string;

  @ApiPropertyOptional({
    description:
      'true: nothing (or not everything) has arrived and the return-by day has passed; false: the others',
  })
  @OptionalBooleanQuery('overdue')
  overdue?: boolean;

  @ApiPropertyOptional({
    enum: RMA_QUEUE_SORTS,
    default: 'oldest',
    description: 'By authorization time; a cursor keeps the order it was given in',
  })
  @IsOptional()
  @OneOf(RMA_QUEUE_SORTS, 'sort')
  sort?: RmaQueueSort;

  @Cursor()
  cursor?: string;

  @PageLimit(MAX_RMA_PAGE)
  limit?: number;

  @MinPosition()
  minPosition?: string;
}
