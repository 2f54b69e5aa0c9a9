import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { COVERAGE_KINDS, type CoverageKind } from '@warranty/coverage';
import { IsCalendarDate, MinPosition, OneOf, SerialNumber, TenantId } from '@warranty/platform';

export class CoverageQueryDto {
  @ApiProperty({ example: 'acme-appliances' })
  @TenantId('manufacturerId')
  manufacturerId!: string;

  @ApiProperty({ example: 'WM-0001' })
  @SerialNumber()
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
  @OneOf(COVERAGE_KINDS)
  kind?: CoverageKind;

  @MinPosition()
  minPosition?: string;
}
