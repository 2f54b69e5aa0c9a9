import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional } from 'class-validator';
import { Cursor, Integer, MinPosition, TenantId } from '@warranty/platform';
import { MAX_PLAN_PAGE } from '../../queries/warranty-plans.query';

export class WarrantyPlansQueryDto {
  @ApiPropertyOptional({ description: "Defaults to the calling manufacturer's own plans" })
  @IsOptional()
  @TenantId('manufacturerId')
  manufacturerId?: string;

  @Cursor()
  cursor?: string;

  @ApiPropertyOptional({ default: 50, maximum: MAX_PLAN_PAGE })
  @IsOptional()
  @Type(() => Number)
  @Integer(1, MAX_PLAN_PAGE)
  limit?: number;

  @MinPosition()
  minPosition?: string;
}
