import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsOptional, ValidateNested } from 'class-validator';
import {
  CLAIM_OUTCOMES,
  type ClaimOutcome,
  REJECTION_REASONS,
  type RejectionReason,
  RESOLUTIONS,
  type Resolution,
} from '../../domain/events';
import {
  AsOf,
  Integer,
  IsInstant,
  IsPlainObject,
  MoneyDto,
  Omittable,
  OneOf,
  Text,
} from '@warranty/platform';
import { EvidenceDto } from './file-claim.dto';

export class NoBodyDto {}

export class RequestInfoDto {
  @ApiProperty({ example: 'Please send a photo of the rating plate.' })
  @Text(1, 4000)
  question!: string;

  @ApiProperty({ example: '2026-12-01T17:00:00Z', description: 'ISO 8601 instant' })
  @IsInstant()
  dueBy!: string;
}

export class ProvideInfoDto {
  @ApiProperty({ example: 'Photo attached.' })
  @Text(0, 4000)
  answer!: string;

  @ApiPropertyOptional({ type: [EvidenceDto], maxItems: 20 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsPlainObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => EvidenceDto)
  attachments?: EvidenceDto[];
}

export class ApproveClaimDto {
  @ApiProperty()
  @OneOf(RESOLUTIONS)
  resolution!: Resolution;

  @ApiPropertyOptional({
    type: MoneyDto,
    description:
      'Required for refund and credit: above 0 and, on a registered unit, in its currency and at most its price',
  })
  @IsOptional()
  @IsPlainObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  approvedAmount?: MoneyDto;

  @ApiPropertyOptional({ description: 'Required to approve a claim assessed uncovered' })
  @IsOptional()
  @IsBoolean()
  goodwill?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @Text(0, 4000)
  notes?: string;
}

export class RejectClaimDto {
  @ApiProperty()
  @OneOf(REJECTION_REASONS)
  reasonCode!: RejectionReason;

  @ApiPropertyOptional({ description: 'Required when reasonCode is other' })
  @IsOptional()
  @Text(0, 4000)
  notes?: string;
}

export class AppealDto {
  @ApiProperty({ example: 'The unit was installed by an authorised technician; invoice attached.' })
  @Text(1, 4000)
  grounds!: string;
}

export class WithdrawDto {
  @ApiProperty({ example: 'Customer fixed it themselves' })
  @Text(1, 2000)
  reason!: string;
}

export class StartFulfilmentDto {
  @ApiProperty({ example: 'b7a0c7f2-...' })
  @Text(1, 100)
  rmaId!: string;
}

export class ResolveClaimDto {
  @ApiProperty()
  @OneOf(CLAIM_OUTCOMES)
  outcome!: ClaimOutcome;

  @ApiPropertyOptional()
  @IsOptional()
  @Text(1, 100)
  rmaId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Text(1, 100)
  repairOrderId?: string;
}

export class ClaimAsOfDto {
  @ApiPropertyOptional()
  @IsOptional()
  @AsOf()
  asOf?: string;
}

export class ReviewPolicyDto {
  @ApiPropertyOptional({ example: 30 })
  @Omittable()
  @Integer(0, 3650)
  soonAfterPurchaseDays?: number;

  @ApiPropertyOptional({ example: 2 })
  @Omittable()
  @Integer(0, 1000)
  maxClaimsPerUnit?: number;

  @ApiPropertyOptional({ example: 3 })
  @Omittable()
  @Integer(0, 1000)
  maxClaimsPerCustomerPerYear?: number;
}
