import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { REPAIR_ORDER_STATUSES, type RepairOrderStatus } from '@warranty/contracts/repairs';
import {
  Cursor,
  MinPosition,
  OneOf,
  PageLimit,
  SerialNumber,
  TenantId,
  Text,
} from '@warranty/platform';
import { MAX_REPAIR_PAGE } from '../../queries/repair-queue.query';
import { OptionalBooleanQuery } from './boolean-from-query';

export class RepairQueueQueryDto {
  @ApiPropertyOptional({ enum: REPAIR_ORDER_STATUSES })
  @IsOptional()
  @OneOf(REPAIR_ORDER_STATUSES, 'state')
  state?: RepairOrderStatus;

  @ApiPropertyOptional({
    description: 'A service center always sees only the orders assigned to it',
  })
  @IsOptional()
  @TenantId('serviceCenterId')
  serviceCenterId?: string;

  @ApiPropertyOptional({
    description: 'A manufacturer always sees only the orders on its products',
  })
  @IsOptional()
  @TenantId('manufacturerId')
  manufacturerId?: string;

  @ApiPropertyOptional({ description: 'A retailer always sees only the orders for units it sold' })
  @IsOptional()
  @TenantId('retailerId')
  retailerId?: string;

  @ApiPropertyOptional({ description: 'The technician assigned, as the service center named them' })
  @IsOptional()
  @Text(1, 200)
  technicianId?: string;

  @ApiPropertyOptional({ description: 'The unit’s serial, case-insensitively, without blanks' })
  @IsOptional()
  @SerialNumber()
  serialNumber?: string;

  @ApiPropertyOptional({
    description:
      'true: the unit is still in the shop (not shipped back, closed or unrepairable) and its due day has passed; false: the others',
  })
  @OptionalBooleanQuery('overdue')
  overdue?: boolean;

  @Cursor()
  cursor?: string;

  @PageLimit(MAX_REPAIR_PAGE)
  limit?: number;

  @MinPosition()
  minPosition?: string;
}
