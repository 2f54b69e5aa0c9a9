import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { Cursor, MinPosition, PageLimit, TenantId } from '@warranty/platform';
import { MAX_PLAN_PAGE } from '../../queries/warranty-plans.query';

export class WarrantyPlansQueryDto {
  @ApiPropertyOptional({ description: "Defaults to the calling manufacturer's own plans" })
  @IsOptional()
  @TenantId('manufacturerId')
  manufacturerId?: string;

  @Cursor()
  cursor?: string;

  @PageLimit(MAX_PLAN_PAGE)
  limit?: number;

  @MinPosition()
  minPosition?: string;
}
