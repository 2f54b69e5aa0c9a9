import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
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
import { IsCalendarDate, TENANT_ID_PATTERN } from '@warranty/platform';
import { MAX_CLAIM_PAGE } from '../../queries/claims-list.query';
import { CLAIM_STATES, type ClaimState } from '../../schema';

/** `true`/`false` in a query string; anything else stays as given and fails IsBoolean. */
const booleanFromQuery = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

export class ClaimsListQueryDto {
  @ApiPropertyOptional({ enum: CLAIM_STATES })
  @IsOptional()
  @IsIn(CLAIM_STATES, { message: `state must be one of: ${CLAIM_STATES.join(', ')}` })
  state?: ClaimState;

  @ApiPropertyOptional({ description: 'A retailer always sees only its own claims' })
  @IsOptional()
  @Matches(TENANT_ID_PATTERN, { message: 'retailerId must be a tenant id' })
  retailerId?: string;

  @ApiPropertyOptional({ description: "A manufacturer always sees only its own products' claims" })
  @IsOptional()
  @Matches(TENANT_ID_PATTERN, { message: 'manufacturerId must be a tenant id' })
  manufacturerId?: string;

  @ApiPropertyOptional({ description: 'Matched case-insensitively, without surrounding blanks' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
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
  @IsOptional()
  @Transform(booleanFromQuery)
  @IsBoolean({ message: 'flagged must be true or false' })
  flagged?: boolean;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  cursor?: string;

  @ApiPropertyOptional({ default: 50, maximum: MAX_CLAIM_PAGE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_CLAIM_PAGE)
  limit?: number;

  @ApiPropertyOptional({
    description: 'Wait (up to 2 s) until the read model has caught up to this position',
  })
  @IsOptional()
  @IsString()
  minPosition?: string;
}
