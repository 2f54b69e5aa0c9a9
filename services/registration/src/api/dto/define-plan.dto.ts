import { ApiProperty } from '@nestjs/swagger';
import { ArrayNotEmpty, ArrayUnique, IsArray, IsBoolean, IsIn, IsOptional } from 'class-validator';
import { COVERAGE_KINDS, type CoverageKind } from '@warranty/coverage';
import { Integer, OneOf, Pattern, Text } from '@warranty/platform';

export class DefineWarrantyPlanDto {
  @ApiProperty({ example: 'STD-24' })
  @Pattern(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/,
    'code must be 1-64 letters, digits, dots, dashes or underscores',
  )
  code!: string;

  @ApiProperty({ example: 'Standard 24 months' })
  @Text(1, 200)
  name!: string;

  @ApiProperty({ example: 24 })
  @Integer(1, 120)
  months!: number;

  @ApiProperty({
    enum: COVERAGE_KINDS,
    isArray: true,
    uniqueItems: true,
    minItems: 1,
    example: ['parts', 'labor'],
  })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsIn(COVERAGE_KINDS, { each: true })
  coverage!: CoverageKind[];

  @ApiProperty({ example: true })
  @IsBoolean()
  transferable!: boolean;

  @ApiProperty({
    required: false,
    default: 'base',
    description:
      'base: a unit’s own warranty, named when it is registered; extension: sold on top of it (POST /v1/products/{productId}/extensions), for the plan’s months and coverage kinds',
  })
  @IsOptional()
  @OneOf(['base', 'extension'])
  kind?: 'base' | 'extension';

  @ApiProperty({
    required: false,
    default: false,
    description: 'A claim approved for a replacement gets an advance exchange (SPEC 2.3)',
  })
  @IsOptional()
  @IsBoolean()
  advanceExchange?: boolean;
}
