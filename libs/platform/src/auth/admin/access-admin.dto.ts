import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Max, Min, ValidateIf } from 'class-validator';
import { Cursor, Integer, OneOf, PageLimit, TenantId, Text } from '../../validation/validators';
import { MAX_REQUESTS_PER_MINUTE } from '../api-keys';
import { API_ROLES, type ApiRole } from '../roles';

export const MAX_ACCESS_PAGE = 200;

export class AddTenantDto {
  @ApiProperty({ example: 'bright-electronics' })
  @TenantId('tenantId')
  tenantId!: string;

  @ApiProperty({ example: 'Bright Electronics Ltd' })
  @Text(1, 200)
  name!: string;
}

export class IssueApiKeyDto {
  @ApiProperty({ example: 'bright-electronics', description: 'An existing tenant' })
  @TenantId('tenantId')
  tenantId!: string;

  @ApiProperty({ enum: API_ROLES })
  @OneOf(API_ROLES, 'role')
  role!: ApiRole;

  @ApiPropertyOptional({ example: 'POS integration', default: '', maxLength: 200 })
  @IsOptional()
  @IsString({ message: 'label must be text' })
  @Length(0, 200, { message: 'label must be at most 200 characters' })
  label?: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_REQUESTS_PER_MINUTE,
    description: "Its own request rate a minute; omitted, the deployment's default",
  })
  @IsOptional()
  @Integer(1, MAX_REQUESTS_PER_MINUTE)
  requestsPerMinute?: number;
}

export class SetRequestRateDto {
  @ApiProperty({
    type: 'integer',
    nullable: true,
    minimum: 1,
    maximum: MAX_REQUESTS_PER_MINUTE,
    description: "Requests a minute, or null for the deployment's default",
  })
  @ValidateIf((_, value) => value !== null)
  @IsInt({ message: 'requestsPerMinute must be a whole number, or null for the default' })
  @Min(1)
  @Max(MAX_REQUESTS_PER_MINUTE)
  requestsPerMinute!: number | null;
}

export class AccessPageQueryDto {
  @Cursor()
  cursor?: string;

  @PageLimit(MAX_ACCESS_PAGE)
  limit?: number;
}

export class ApiKeyPageQueryDto extends AccessPageQueryDto {
  @ApiPropertyOptional({ description: "Only this tenant's keys" })
  @IsOptional()
  @TenantId('tenantId')
  tenantId?: string;
}
