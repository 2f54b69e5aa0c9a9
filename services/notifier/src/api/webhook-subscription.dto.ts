import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Length,
  MaxLength,
} from 'class-validator';
import { Cursor, IsInstant, OneOf, PageLimit } from '@warranty/platform';
import { MAX_ENDPOINT_URL_LENGTH } from '../domain/endpoint-url';
import { WEBHOOK_EVENT_TYPES } from '../domain/webhook-topics';

export const MAX_WEBHOOK_PAGE = 200;

export class CreateWebhookSubscriptionDto {
  @ApiProperty({
    example: 'https://hooks.bright-electronics.example/warranty',
    maxLength: MAX_ENDPOINT_URL_LENGTH,
    description:
      'Where the events are POSTed: an https URL on a public host (the operator may allow http and local hosts for development)',
  })
  @IsString({ message: 'url must be text' })
  @MaxLength(MAX_ENDPOINT_URL_LENGTH, {
    message: `url must be at most ${MAX_ENDPOINT_URL_LENGTH} characters`,
  })
  url!: string;

  @ApiPropertyOptional({
    enum: WEBHOOK_EVENT_TYPES,
    isArray: true,
    uniqueItems: true,
    minItems: 1,
    example: ['ClaimApproved', 'ClaimRejected', 'SlaBreached'],
    description: 'The event types to send; omitted, every type',
  })
  @IsOptional()
  @IsArray({ message: 'eventTypes must be a list' })
  @ArrayNotEmpty({ message: 'eventTypes must name at least one type; omit it for every type' })
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @ArrayUnique({ message: 'eventTypes must not repeat a type' })
  @IsIn(WEBHOOK_EVENT_TYPES, {
    each: true,
    message: 'eventTypes must hold only known event types (see the enum in /openapi.json)',
  })
  eventTypes?: string[];

  @ApiPropertyOptional({ example: 'Claim status to the POS', default: '', maxLength: 200 })
  @IsOptional()
  @IsString({ message: 'description must be text' })
  @Length(0, 200, { message: 'description must be at most 200 characters' })
  description?: string;
}

export class WebhookPageQueryDto {
  @Cursor()
  cursor?: string;

  @PageLimit(MAX_WEBHOOK_PAGE)
  limit?: number;
}

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;

export class DeliveryPageQueryDto extends WebhookPageQueryDto {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @IsOptional()
  @OneOf(DELIVERY_STATUSES, 'status')
  status?: (typeof DELIVERY_STATUSES)[number];
}

export class RedeliverFailedDto {
  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    description: 'Only deliveries created at or after this instant; omitted, every failed one',
  })
  @IsOptional()
  @IsInstant()
  since?: string;
}
