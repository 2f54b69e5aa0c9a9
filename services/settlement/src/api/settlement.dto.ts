import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsOptional,
  IsUUID,
  Matches,
  ValidateNested,
} from 'class-validator';
import { PAYEE_KINDS, type PayeeKind } from '@warranty/contracts/settlement';
import {
  AsOf,
  Cursor,
  IsCalendarDate,
  IsPlainObject,
  MinPosition,
  Omittable,
  OneOf,
  PageLimit,
  Pattern,
  TenantId,
  Text,
} from '@warranty/platform';

export const MAX_SETTLEMENT_PAGE = 200;
/** Payables one settlement may pay; a larger run is paid in several. */
export const MAX_SETTLED_PAYABLES = 200;

/** `claim:{id}`, `rma:{id}:{lineId}` or `repair:{id}`, as GET /v1/payables lists them. */
export const PAYABLE_ID = /^(claim|rma|repair):[A-Za-z0-9._-]{1,100}(:[A-Za-z0-9._-]{1,100})?$/;

export class PayeeDto {
  @ApiProperty({ enum: PAYEE_KINDS, example: 'service_center' })
  @OneOf(PAYEE_KINDS, 'payee.kind')
  kind!: PayeeKind;

  @ApiProperty({ example: 'fixit-depot', description: 'The retailer or service center id' })
  @TenantId('payee.id')
  id!: string;
}

export class RecordSettlementDto {
  @ApiProperty({ type: PayeeDto })
  @IsPlainObject()
  @ValidateNested()
  @Type(() => PayeeDto)
  payee!: PayeeDto;

  @ApiProperty({
    type: [String],
    minItems: 1,
    maxItems: MAX_SETTLED_PAYABLES,
    uniqueItems: true,
    example: ['repair:5b0e8f5e-3c2a-4f59-9a51-0d8f4a0c1e77'],
    description: `The open payables to this payee that the payment covers, all in one currency (at most ${MAX_SETTLED_PAYABLES})`,
  })
  @IsArray({ message: 'payableIds must be a list' })
  @ArrayNotEmpty({ message: 'payableIds must name at least one payable' })
  @ArrayMaxSize(MAX_SETTLED_PAYABLES, {
    message: `payableIds may name at most ${MAX_SETTLED_PAYABLES} payables; pay the rest in another settlement`,
  })
  @ArrayUnique({ message: 'payableIds must not repeat a payable' })
  @Matches(PAYABLE_ID, {
    each: true,
    message: 'payableIds must hold payable ids as GET /v1/payables lists them',
  })
  payableIds!: string[];

  @ApiProperty({
    example: 'SEPA-2026-11-0042',
    description: 'Your payment or credit note reference',
  })
  @Text(1, 100)
  reference!: string;

  @ApiProperty({ example: '2026-11-30', description: 'The day the payment was made, YYYY-MM-DD' })
  @IsCalendarDate()
  paidOn!: string;

  @ApiPropertyOptional({ default: '', maxLength: 500 })
  @Omittable()
  @Text(0, 500)
  note?: string;
}

export class ReverseSettlementDto {
  @ApiProperty({ example: 'Transfer returned by the bank: account closed', maxLength: 500 })
  @Text(1, 500)
  reason!: string;
}

export class CommandFreshnessDto {
  @MinPosition()
  minPosition?: string;
}

class LedgerQueryDto {
  @ApiPropertyOptional({ description: 'A manufacturer always sees only what it owes' })
  @IsOptional()
  @TenantId('manufacturerId')
  manufacturerId?: string;

  @ApiPropertyOptional({
    enum: PAYEE_KINDS,
    description: 'A retailer or service center always sees only what it is owed',
  })
  @IsOptional()
  @OneOf(PAYEE_KINDS, 'payeeKind')
  payeeKind?: PayeeKind;

  @ApiPropertyOptional()
  @IsOptional()
  @TenantId('payeeId')
  payeeId?: string;

  @Cursor()
  cursor?: string;

  @PageLimit(MAX_SETTLEMENT_PAGE)
  limit?: number;

  @MinPosition()
  minPosition?: string;
}

const CURRENCY = /^[A-Z]{3}$/;

export class PayablesQueryDto extends LedgerQueryDto {
  @ApiPropertyOptional({ enum: ['open', 'settled'] })
  @IsOptional()
  @OneOf(['open', 'settled'], 'status')
  status?: 'open' | 'settled';

  @ApiPropertyOptional({ example: 'EUR' })
  @IsOptional()
  @Pattern(CURRENCY, 'currency must be an ISO 4217 code such as EUR')
  currency?: string;

  @ApiPropertyOptional({
    description: 'Only what was owed by this instant (a date alone: the end of that day, UTC)',
  })
  @IsOptional()
  @AsOf()
  owedThrough?: string;

  @ApiPropertyOptional({ description: 'Only what this settlement paid', format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'settlementId must be a settlement id (a UUID)' })
  settlementId?: string;
}

export class BalancesQueryDto extends LedgerQueryDto {
  @ApiPropertyOptional({ example: 'EUR' })
  @IsOptional()
  @Pattern(CURRENCY, 'currency must be an ISO 4217 code such as EUR')
  currency?: string;
}

export class SettlementsQueryDto extends LedgerQueryDto {
  @ApiPropertyOptional({ enum: ['paid', 'reversed'] })
  @IsOptional()
  @OneOf(['paid', 'reversed'], 'status')
  status?: 'paid' | 'reversed';
}
