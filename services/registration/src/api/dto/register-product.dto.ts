import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { IsCalendarDate, MoneyDto, TENANT_ID_PATTERN } from '@warranty/platform';
import { OwnerDto } from './owner.dto';

export class RegisterProductDto {
  @ApiProperty({ example: 'acme-appliances' })
  @Matches(TENANT_ID_PATTERN, { message: 'manufacturerId must be a tenant id' })
  manufacturerId!: string;

  @ApiProperty({ description: 'Trimmed and upper-cased before use', example: 'sn-000123-x' })
  @IsString()
  @Length(1, 100)
  serialNumber!: string;

  @ApiProperty({ example: 'WM-9000' })
  @IsString()
  @Length(1, 100)
  model!: string;

  @ApiProperty({ example: 'washing_machine' })
  @IsString()
  @Length(1, 100)
  category!: string;

  @ApiProperty({ example: '2026-03-14' })
  @IsCalendarDate()
  purchaseDate!: string;

  @ApiPropertyOptional({
    description: "Defaults to the calling retailer's tenant",
    example: 'acme-retail',
  })
  @IsOptional()
  @Matches(TENANT_ID_PATTERN, { message: 'retailerId must be a tenant id' })
  retailerId?: string;

  @ApiProperty({ type: MoneyDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => MoneyDto)
  price!: MoneyDto;

  @ApiProperty({ type: OwnerDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => OwnerDto)
  owner!: OwnerDto;

  @ApiProperty({ example: 'STD-24' })
  @IsString()
  @Length(1, 64)
  planCode!: string;
}
