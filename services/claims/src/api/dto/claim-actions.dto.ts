import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  CLAIM_OUTCOMES,
  type ClaimOutcome,
  REJECTION_REASONS,
  type RejectionReason,
  RESOLUTIONS,
  type Resolution,
} from '../../domain/events';
import { MoneyDto } from '@warranty/platform';
import { EvidenceDto } from './file-claim.dto';

export class NoBodyDto {}

export class RequestInfoDto {
  @ApiProperty({ example: 'Please send a photo of the rating plate.' })
  @IsString()
  @Length(1, 4000)
  question!: string;

  @ApiProperty({ example: '2026-12-01T17:00:00Z', description: 'ISO 8601 instant' })
  @IsISO8601({ strict: true })
  dueBy!: string;
}

export class ProvideInfoDto {
  @ApiProperty({ example: 'Photo attached.' })
  @IsString()
  @Length(0, 4000)
  answer!: string;

  @ApiPropertyOptional({ type: [EvidenceDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => EvidenceDto)
  attachments?: EvidenceDto[];
}

export class ApproveClaimDto {
  @ApiProperty({ enum: RESOLUTIONS })
  @IsIn(RESOLUTIONS)
  resolution!: Resolution;

  @ApiPropertyOptional({ type: MoneyDto, description: 'Required for refund and credit' })
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyDto)
  approvedAmount?: MoneyDto;

  @ApiPropertyOptional({ description: 'Required to approve a claim assessed uncovered' })
  @IsOptional()
  @IsBoolean()
  goodwill?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(0, 4000)
  notes?: string;
}

export class RejectClaimDto {
  @ApiProperty({ enum: REJECTION_REASONS })
  @IsIn(REJECTION_REASONS)
  reasonCode!: RejectionReason;

  @ApiPropertyOptional({ description: 'Required when reasonCode is other' })
  @IsOptional()
  @IsString()
  @Length(0, 4000)
  notes?: string;
}

export class AppealDto {
  @ApiProperty({ example: 'The unit was installed by an authorised technician; invoice attached.' })
  @IsString()
  @Length(1, 4000)
  grounds!: string;
}

export class WithdrawDto {
  @ApiProperty({ example: 'Customer fixed it themselves' })
  @IsString()
  @Length(1, 2000)
  reason!: string;
}

export class StartFulfilmentDto {
  @ApiProperty({ example: 'b7a0c7f2-...' })
  @IsString()
  @Length(1, 100)
  rmaId!: string;
}

export class ResolveClaimDto {
  @ApiProperty({ enum: CLAIM_OUTCOMES })
  @IsIn(CLAIM_OUTCOMES)
  outcome!: ClaimOutcome;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 100)
  rmaId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 100)
  repairOrderId?: string;
}

export class ClaimAsOfDto {
  @ApiPropertyOptional({ description: 'ISO 8601 instant: the claim as it stood then' })
  @IsOptional()
  @IsISO8601({ strict: true })
  asOf?: string;
}

export class ReviewPolicyDto {
  @ApiPropertyOptional({ example: 30 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(3650)
  soonAfterPurchaseDays?: number;

  @ApiPropertyOptional({ example: 2 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1000)
  maxClaimsPerUnit?: number;

  @ApiPropertyOptional({ example: 3 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1000)
  maxClaimsPerCustomerPerYear?: number;
}
