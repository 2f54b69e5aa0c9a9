import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayUnique, IsArray, IsDefined, IsIn, IsOptional, ValidateNested } from 'class-validator';
import { COVERAGE_KINDS, type CoverageKind } from '@warranty/coverage';
import { AsOf, Integer, IsCalendarDate, IsPlainObject, OneOf, Text } from '@warranty/platform';
import { OwnerDto } from './owner.dto';

export class ExtendWarrantyDto {
  @ApiProperty({
    example: 'EXT-12',
    description: 'An extension plan of the unit’s manufacturer (`POST /v1/warranty-plans`)',
  })
  @Text(1, 64)
  planCode!: string;

  @ApiProperty({
    example: 12,
    required: false,
    description: 'The plan’s months; may be left out, and must be the plan’s if sent',
  })
  @IsOptional()
  @Integer(1, 120)
  extraMonths?: number;

  @ApiProperty({
    enum: COVERAGE_KINDS,
    isArray: true,
    uniqueItems: true,
    required: false,
    description:
      'The plan’s coverage kinds, in any order; may be left out, and must be the plan’s if sent',
  })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(COVERAGE_KINDS, { each: true })
  coverage?: CoverageKind[];

  @ApiProperty({
    example: 'CTR-2026-0042',
    description: 'The extension contract; one contract extends a unit once',
  })
  @Text(1, 100)
  contractReference!: string;
}

export class TransferOwnershipDto {
  @ApiProperty({ type: OwnerDto })
  @IsDefined()
  @IsPlainObject()
  @ValidateNested()
  @Type(() => OwnerDto)
  newOwner!: OwnerDto;

  @ApiProperty({ example: '2026-06-01' })
  @IsCalendarDate()
  transferDate!: string;
}

export class VoidWarrantyDto {
  @ApiProperty()
  @OneOf(['tampering', 'unauthorized_repair', 'other'])
  reason!: 'tampering' | 'unauthorized_repair' | 'other';

  @ApiProperty({ required: false, example: 'Seal broken on inspection' })
  @IsOptional()
  @Text(0, 2000)
  notes?: string;
}

export class CancelRegistrationDto {
  @ApiProperty()
  @OneOf(['returned_for_refund', 'registered_in_error'])
  reason!: 'returned_for_refund' | 'registered_in_error';

  @ApiProperty({ required: false })
  @IsOptional()
  @Text(0, 2000)
  notes?: string;
}

export class ProductAsOfDto {
  @ApiPropertyOptional()
  @IsOptional()
  @AsOf()
  asOf?: string;
}
