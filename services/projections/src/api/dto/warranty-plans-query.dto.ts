import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { TENANT_ID_PATTERN } from '@warranty/platform';
import { MAX_PLAN_PAGE } from '../../queries/warranty-plans.query';

export class WarrantyPlansQueryDto {
  @ApiPropertyOptional({ description: "Defaults to the calling manufacturer's own plans" })
  @IsOptional()
  @Matches(TENANT_ID_PATTERN, { message: 'manufacturerId must be a tenant id' })
  manufacturerId?: string;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  cursor?: string;

  @ApiPropertyOptional({ default: 50, maximum: MAX_PLAN_PAGE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PLAN_PAGE)
  limit?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  minPosition?: string;
}
