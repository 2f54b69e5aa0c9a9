import { ApiProperty } from '@nestjs/swagger';
import { Integer, Pattern } from './validators';

export class MoneyDto {
  @ApiProperty({ description: 'Integer minor units (e.g. cents)', example: 129900 })
  @Integer(0, Number.MAX_SAFE_INTEGER)
  amount!: number;

  @ApiProperty({ description: 'ISO 4217 code', example: 'EUR' })
  @Pattern(/^[A-Z]{3}$/, 'currency must be an ISO 4217 code such as EUR')
  currency!: string;
}
