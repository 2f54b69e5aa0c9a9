import { ApiProperty } from '@nestjs/swagger';
import { COVERAGE_KINDS } from '@warranty/coverage';
import { INSTANT, NEXT_CURSOR } from './common.response';

export class WarrantyPlanSummaryView {
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: 'integer' }) months!: number;
  @ApiProperty({ enum: COVERAGE_KINDS, isArray: true }) coverage!: string[];
  @ApiProperty() transferable!: boolean;
  @ApiProperty({ enum: ['base', 'extension'] }) kind!: string;
  @ApiProperty(INSTANT) definedAt!: string;
}

export class WarrantyPlanPageView {
  @ApiProperty() manufacturerId!: string;
  @ApiProperty({ type: [WarrantyPlanSummaryView] }) items!: WarrantyPlanSummaryView[];
  @ApiProperty(NEXT_CURSOR) nextCursor!: string | null;
}
