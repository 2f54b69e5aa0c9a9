import { ApiProperty } from '@nestjs/swagger';
import { IsEmail } from 'class-validator';
import { Pattern, Text } from '@warranty/platform';

export class OwnerDto {
  @ApiProperty({ example: 'cust-1042' })
  @Text(1, 100)
  customerId!: string;

  @ApiProperty({ example: 'Ada Lovelace' })
  @Text(1, 200)
  name!: string;

  @ApiProperty({ example: 'ada@example.com', format: 'email' })
  @Text(3, 254)
  @IsEmail()
  email!: string;

  @ApiProperty({ description: 'ISO 3166-1 alpha-2', example: 'GB' })
  @Pattern(/^[A-Z]{2}$/, 'country must be an ISO 3166-1 alpha-2 code such as GB')
  country!: string;
}
