import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import {
  Cursor,
  IsCalendarDate,
  MinPosition,
  OneOf,
  PageLimit,
  SerialNumber,
  TenantId,
} from '@warranty/platform';
import { MAX_CLAIM_PAGE } from '../../queries/claims-list.query';
import { CLAIM_STATES, type ClaimState } from '../../schema';
import { OptionalBooleanQuery } from './boolean-from-query';

export class ClaimsListQueryDto {
  @ApiPropertyOptional({ enum: CLAIM_STATES })
  @IsOptional()
  @OneOf(CLAIM_STATES, 'state')
  state?: ClaimState;

  @ApiPropertyOptional({ description: 'A retailer always sees only its own claims' })
  @IsOptional()
  @TenantId('retailerId')
  retailerId?: string;

  @ApiPropertyOptional({ description: "A manufacturer always sees only its own products' claims" })
  @IsOptional()
  @TenantId('manufacturerId')
  manufacturerId?: string;

  @ApiPropertyOptional({ description: 'Matched case-insensitively, without surrounding blanks' })
  @IsOptional()
  @SerialNumber()
  serialNumber?: string;

  @ApiPropertyOptional({ description: 'Filed on or after this day (UTC), YYYY-MM-DD' })
  @IsOptional()
  @IsCalendarDate()
  filedFrom?: string;

  @ApiPropertyOptional({ description: 'Filed on or before this day (UTC), YYYY-MM-DD' })
  @IsOptional()
  @IsCalendarDate()
  filedTo?: string;

  @ApiPropertyOptional({ description: 'Only claims with (true) or without (false) review flags' })
  @OptionalBooleanQuery('flagged')
  flagged?: boolean;

  @ApiPropertyOptional({
    description:
      'Search: a word or fragment found, in any case, in the claim id, serial number, model, customer name or email, defect category or description; or an RMA number, whole. 3-100 characters besides surrounding blanks.',
    minLength: 3,
    maxLength: 100,
    example: 'leaks water',
  })
  @IsOptional()
  @IsString({ message: 'q must be text' })
  @Length(3, 100, { message: 'q must be 3-100 characters besides surrounding blanks' })
  q?: string;

  @Cursor()
  cursor?: string;

  @PageLimit(MAX_CLAIM_PAGE)
  limit?: number;

  @MinPosition()
  minPosition?: string;
}
