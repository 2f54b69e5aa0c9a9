import { ApiProperty } from '@nestjs/swagger';
import { COVERAGE_KINDS } from '@warranty/coverage';

/** A plan as defined, with where its stream now stands. */
export class DefinedWarrantyPlanView {
  @ApiProperty() manufacturerId!: string;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: 'integer' }) months!: number;
  @ApiProperty({ enum: COVERAGE_KINDS, isArray: true }) coverage!: string[];
  @ApiProperty() transferable!: boolean;
  @ApiProperty({ enum: ['base', 'extension'] }) kind!: string;
  @ApiProperty() advanceExchange!: boolean;
  @ApiProperty({ type: 'integer' }) revision!: number;
  @ApiProperty({ type: 'string', nullable: true }) position!: string | null;
}
