import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsOptional, ValidateNested } from 'class-validator';
import {
  IsCalendarDate,
  IsPlainObject,
  MoneyDto,
  SerialNumber,
  TenantId,
  Text,
} from '@warranty/platform';
import { OwnerDto } from './owner.dto';

export class RegisterProductDto {
  @ApiProperty({ example: 'acme-appliances' })
  @TenantId('manufacturerId')
  manufacturerId!: string;

  @ApiProperty({ example: 'sn-000123-x' })
  @SerialNumber()
  serialNumber!: string;

  @ApiProperty({ example: 'WM-9000' })
  @Text(1, 100)
  model!: string;

  @ApiProperty({ example: 'washing_machine' })
  @Text(1, 100)
  category!: string;

  @ApiProperty({ example: '2026-03-14' })
  @IsCalendarDate()
  purchaseDate!: string;

  @ApiPropertyOptional({
    description: "Defaults to the calling retailer's tenant",
    example: 'acme-retail',
  })
  @IsOptional()
  @TenantId('retailerId')
  retailerId?: string;

  @ApiProperty({ type: MoneyDto })
  @IsDefined()
  @IsPlainObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  price!: MoneyDto;

  @ApiProperty({ type: OwnerDto })
  @IsDefined()
  @IsPlainObject()
  @ValidateNested()
  @Type(() => OwnerDto)
  owner!: OwnerDto;

  @ApiProperty({ example: 'STD-24' })
  @Text(1, 64)
  planCode!: string;
}
