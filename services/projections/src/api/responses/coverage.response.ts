import { ApiProperty } from '@nestjs/swagger';
import { COVERAGE_KINDS } from '@warranty/coverage';
import { DATE, NULLABLE_STRING } from './common.response';

/** Whether a unit is covered on a day for a kind; units the caller may not see are not_registered. */
export class CoverageAnswerView {
  @ApiProperty() manufacturerId!: string;
  @ApiProperty({ description: 'Normalised: trimmed and upper-cased' }) serialNumber!: string;
  @ApiProperty(DATE) on!: string;
  @ApiProperty({ enum: COVERAGE_KINDS }) kind!: string;
  @ApiProperty() covered!: boolean;
  @ApiProperty({ ...NULLABLE_STRING, description: 'Why not covered; null when covered' })
  reason!: string | null;
  @ApiProperty(NULLABLE_STRING) planCode!: string | null;
  @ApiProperty({ ...DATE, nullable: true }) endDate!: string | null;
  @ApiProperty(NULLABLE_STRING) productId!: string | null;
}
