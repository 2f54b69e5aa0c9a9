import { ApiProperty } from '@nestjs/swagger';
import { CurrencyCode, Integer } from './validators';

export class MoneyDto {
  @ApiProperty({ description: 'Integer minor units (e.g. cents)', example: 129900 })
  @Integer(0, Number.MAX_SAFE_INTEGER)
  amount!: number;

  @CurrencyCode('currency')
  currency!: string;
}
