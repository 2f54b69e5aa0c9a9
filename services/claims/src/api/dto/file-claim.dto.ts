import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsEmail,
  IsOptional,
  ValidateNested,
} from 'class-validator';
import {
  Integer,
  IsCalendarDate,
  IsPlainObject,
  OneOf,
  Pattern,
  SerialNumber,
  TenantId,
  Text,
} from '@warranty/platform';
import {
  EVIDENCE_KINDS,
  type EvidenceKind,
  REQUESTED_RESOLUTIONS,
  type RequestedResolution,
} from '../../domain/events';

export class DefectDto {
  @ApiProperty({ example: 'electrical', description: 'One open claim per unit and category' })
  @Text(1, 64)
  category!: string;

  @ApiProperty({ example: 'Drum stops mid-cycle; error E21' })
  @Text(1, 4000)
  description!: string;
}

export class EvidenceDto {
  @ApiProperty()
  @OneOf(EVIDENCE_KINDS)
  kind!: EvidenceKind;

  @ApiProperty({ example: 'https://files.example.com/claims/e21.jpg' })
  @Text(1, 2000)
  @Pattern(/^(https?|s3):\/\/\S+$/, 'uri must be an http(s) or s3 URI')
  uri!: string;

  @ApiProperty({ description: 'Hex SHA-256 of the file' })
  @Pattern(/^[0-9a-fA-F]{64}$/, 'sha256 must be 64 hex characters')
  sha256!: string;

  @ApiProperty({ example: 482113 })
  @Integer(1, 5_000_000_000)
  sizeBytes!: number;
}

export class CustomerDto {
  @ApiProperty({ example: 'Ada Lovelace' })
  @Text(1, 200)
  name!: string;

  @ApiProperty({ example: 'ada@example.com', format: 'email' })
  @Text(3, 254)
  @IsEmail()
  email!: string;

  @ApiPropertyOptional({ example: '+44 20 7946 0000' })
  @IsOptional()
  @Pattern(/^\+?[0-9 ()-]{5,30}$/, 'phone must be a phone number')
  phone?: string;
}

export class ProofOfPurchaseDto {
  @ApiProperty({ example: '2026-03-01' })
  @IsCalendarDate()
  date!: string;

  @ApiProperty({ example: 'acme-retail' })
  @TenantId('retailerId')
  retailerId!: string;

  @ApiProperty({ example: 'INV-2026-00042' })
  @Text(1, 100)
  reference!: string;
}

export class FileClaimDto {
  @ApiProperty({ example: 'acme-appliances' })
  @TenantId('manufacturerId')
  manufacturerId!: string;

  @ApiProperty({ example: 'WM-0001' })
  @SerialNumber()
  serialNumber!: string;

  @ApiProperty({ example: '2026-11-20' })
  @IsCalendarDate()
  failureDate!: string;

  @ApiProperty({ type: DefectDto })
  @IsDefined()
  @IsPlainObject()
  @ValidateNested()
  @Type(() => DefectDto)
  defect!: DefectDto;

  @ApiProperty({ type: [EvidenceDto], maxItems: 20 })
  @IsArray()
  @ArrayMaxSize(20)
  @IsPlainObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => EvidenceDto)
  evidence!: EvidenceDto[];

  @ApiProperty({ type: CustomerDto })
  @IsDefined()
  @IsPlainObject()
  @ValidateNested()
  @Type(() => CustomerDto)
  customer!: CustomerDto;

  @ApiProperty()
  @OneOf(REQUESTED_RESOLUTIONS)
  requestedResolution!: RequestedResolution;

  @ApiPropertyOptional({
    type: ProofOfPurchaseDto,
    description: 'Required when the unit was never registered',
  })
  @IsOptional()
  @IsPlainObject()
  @ValidateNested()
  @Type(() => ProofOfPurchaseDto)
  proofOfPurchase?: ProofOfPurchaseDto;

  @ApiPropertyOptional({ description: 'Model, when the unit is not registered' })
  @IsOptional()
  @Text(1, 100)
  model?: string;

  @ApiPropertyOptional({ description: 'Product category, when the unit is not registered' })
  @IsOptional()
  @Text(1, 100)
  productCategory?: string;
}
