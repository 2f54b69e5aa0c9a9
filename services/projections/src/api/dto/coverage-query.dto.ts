import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { COVERAGE_KINDS, type CoverageKind } from '@warranty/coverage';
import { IsCalendarDate, TENANT_ID_PATTERN } from '@warranty/platform';

export class CoverageQueryDto {
  @ApiProperty({ example: 'acme-appliances' })
  @Matches(TENANT_ID_PATTERN, { message: 'manufacturerId must be a tenant id' })
  manufacturerId!: string;

  @ApiProperty({ example: 'WM-0001' })
  @IsString()
  @Length(1, 100)
  serialNumber!: string;

  @ApiPropertyOptional({
    description: 'YYYY-MM-DD; defaults to today (UTC)',
    example: '2026-06-15',
  })
  @IsOptional()
  @IsCalendarDate()
  on?: string;

  @ApiPropertyOptional({ enum: COVERAGE_KINDS, default: 'parts' })
  @IsOptional()
  @IsIn(COVERAGE_KINDS)
  kind?: CoverageKind;

  @ApiPropertyOptional({
    description: 'Wait (up to 2 s) until the read model has caught up to this position',
  })
  @IsOptional()
  @IsString()
  minPosition?: string;
}
