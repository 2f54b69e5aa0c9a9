import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { COVERAGE_KINDS, type CoverageKind } from '@warranty/coverage';

export class DefineWarrantyPlanDto {
  @ApiProperty({ example: 'STD-24' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, {
    message: 'code must be 1-64 letters, digits, dots, dashes or underscores',
  })
  code!: string;

  @ApiProperty({ example: 'Standard 24 months' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ example: 24 })
  @IsInt()
  @Min(1)
  @Max(120)
  months!: number;

  @ApiProperty({ enum: COVERAGE_KINDS, isArray: true, example: ['parts', 'labor'] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsIn(COVERAGE_KINDS, { each: true })
  coverage!: CoverageKind[];

  @ApiProperty({ example: true })
  @IsBoolean()
  transferable!: boolean;

  @ApiProperty({ enum: ['base', 'extension'], required: false, default: 'base' })
  @IsOptional()
  @IsIn(['base', 'extension'])
  kind?: 'base' | 'extension';
}
