import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayUnique,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { COVERAGE_KINDS, type CoverageKind } from '@warranty/coverage';
import { IsCalendarDate } from '@warranty/platform';
import { OwnerDto } from './owner.dto';

export class ExtendWarrantyDto {
  @ApiProperty({ example: 'EXT-12' })
  @IsString()
  @Length(1, 64)
  planCode!: string;

  @ApiProperty({ example: 12 })
  @IsInt()
  @Min(1)
  @Max(120)
  extraMonths!: number;

  @ApiProperty({
    enum: COVERAGE_KINDS,
    isArray: true,
    required: false,
    description: 'Coverage kinds the extension adds',
  })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(COVERAGE_KINDS, { each: true })
  coverage?: CoverageKind[];

  @ApiProperty({ example: 'CTR-2026-0042' })
  @IsString()
  @Length(1, 100)
  contractReference!: string;
}

export class TransferOwnershipDto {
  @ApiProperty({ type: OwnerDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => OwnerDto)
  newOwner!: OwnerDto;

  @ApiProperty({ example: '2026-06-01' })
  @IsCalendarDate()
  transferDate!: string;
}

export class VoidWarrantyDto {
  @ApiProperty({ enum: ['tampering', 'unauthorized_repair', 'other'] })
  @IsIn(['tampering', 'unauthorized_repair', 'other'])
  reason!: 'tampering' | 'unauthorized_repair' | 'other';

  @ApiProperty({ required: false, example: 'Seal broken on inspection' })
  @IsOptional()
  @IsString()
  @Length(0, 2000)
  notes?: string;
}

export class CancelRegistrationDto {
  @ApiProperty({ enum: ['returned_for_refund', 'registered_in_error'] })
  @IsIn(['returned_for_refund', 'registered_in_error'])
  reason!: 'returned_for_refund' | 'registered_in_error';

  @ApiProperty({ required: false })
  @IsOptional()
  @IsString()
  @Length(0, 2000)
  notes?: string;
}
