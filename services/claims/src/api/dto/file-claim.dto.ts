import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate, TENANT_ID_PATTERN } from '@warranty/platform';
import {
  EVIDENCE_KINDS,
  type EvidenceKind,
  REQUESTED_RESOLUTIONS,
  type RequestedResolution,
} from '../../domain/events';

export class DefectDto {
  @ApiProperty({ example: 'electrical', description: 'One open claim per unit and category' })
  @IsString()
  @Length(1, 64)
  category!: string;

  @ApiProperty({ example: 'Drum stops mid-cycle; error E21' })
  @IsString()
  @Length(1, 4000)
  description!: string;
}

export class EvidenceDto {
  @ApiProperty({ enum: EVIDENCE_KINDS })
  @IsIn(EVIDENCE_KINDS)
  kind!: EvidenceKind;

  @ApiProperty({ example: 'https://files.example.com/claims/e21.jpg' })
  @IsString()
  @Length(1, 2000)
  @Matches(/^(https?|s3):\/\/\S+$/, { message: 'uri must be an http(s) or s3 URI' })
  uri!: string;

  @ApiProperty({ description: 'Hex SHA-256 of the file' })
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'sha256 must be 64 hex characters' })
  sha256!: string;

  @ApiProperty({ example: 482113 })
  @IsInt()
  @Min(1)
  @Max(5_000_000_000)
  sizeBytes!: number;
}

export class CustomerDto {
  @ApiProperty({ example: 'Ada Lovelace' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ example: 'ada@example.com' })
  @IsEmail()
  @Length(3, 254)
  email!: string;

  @ApiPropertyOptional({ example: '+44 20 7946 0000' })
  @IsOptional()
  @Matches(/^\+?[0-9 ()-]{5,30}$/, { message: 'phone must be a phone number' })
  phone?: string;
}

export class ProofOfPurchaseDto {
  @ApiProperty({ example: '2026-03-01' })
  @IsCalendarDate()
  date!: string;

  @ApiProperty({ example: 'acme-retail' })
  @Matches(TENANT_ID_PATTERN, { message: 'retailerId must be a tenant id' })
  retailerId!: string;

  @ApiProperty({ example: 'INV-2026-00042' })
  @IsString()
  @Length(1, 100)
  reference!: string;
}

export class FileClaimDto {
  @ApiProperty({ example: 'acme-appliances' })
  @Matches(TENANT_ID_PATTERN, { message: 'manufacturerId must be a tenant id' })
  manufacturerId!: string;

  @ApiProperty({ example: 'WM-0001' })
  @IsString()
  @Length(1, 100)
  serialNumber!: string;

  @ApiProperty({ example: '2026-11-20' })
  @IsCalendarDate()
  failureDate!: string;

  @ApiProperty({ type: DefectDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => DefectDto)
  defect!: DefectDto;

  @ApiProperty({ type: [EvidenceDto] })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => EvidenceDto)
  evidence!: EvidenceDto[];

  @ApiProperty({ type: CustomerDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => CustomerDto)
  customer!: CustomerDto;

  @ApiProperty({ enum: REQUESTED_RESOLUTIONS })
  @IsIn(REQUESTED_RESOLUTIONS)
  requestedResolution!: RequestedResolution;

  @ApiPropertyOptional({
    type: ProofOfPurchaseDto,
    description: 'Required when the unit was never registered',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => ProofOfPurchaseDto)
  proofOfPurchase?: ProofOfPurchaseDto;

  @ApiPropertyOptional({ description: 'Model, when the unit is not registered' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  model?: string;

  @ApiPropertyOptional({ description: 'Product category, when the unit is not registered' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  productCategory?: string;
}
