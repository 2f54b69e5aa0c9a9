import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, ValidateNested } from 'class-validator';
import { Integer, IsPlainObject, Omittable, ShipToDto, TenantId, Text } from '@warranty/platform';

export class ServiceCenterRouteDto {
  @ApiProperty({
    example: 'washing_machine',
    description: 'A product category, or `*` for any other',
  })
  @Text(1, 100)
  category!: string;

  @ApiProperty({ example: 'fixit-depot' })
  @TenantId('serviceCenterId')
  serviceCenterId!: string;
}

/** A manufacturer's fulfilment policy; omitted fields keep the value in force (null is refused). */
export class FulfilmentPolicyDto {
  @ApiPropertyOptional({ type: ShipToDto, description: 'Where warranty returns are sent' })
  @Omittable()
  @IsPlainObject()
  @ValidateNested()
  @Type(() => ShipToDto)
  returnsDepot?: ShipToDto;

  @ApiPropertyOptional({ example: 'prepaid-label' })
  @Omittable()
  @Text(1, 100)
  returnCarrier?: string;

  @ApiPropertyOptional({
    type: [ServiceCenterRouteDto],
    description:
      'Replaces the whole routing; a category once only; without `*` others go to fixit-depot',
  })
  @Omittable()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @IsPlainObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ServiceCenterRouteDto)
  serviceCenters?: ServiceCenterRouteDto[];

  @ApiPropertyOptional({
    example: 30,
    description: 'Days a rejected claim waits for an appeal before it is closed',
  })
  @Omittable()
  @Integer(1, 3650)
  appealWindowDays?: number;

  @ApiPropertyOptional({ example: 14, description: 'Days after its resolution a claim is closed' })
  @Omittable()
  @Integer(0, 3650)
  closeResolvedAfterDays?: number;
}

export class FulfilmentPolicyView {
  @ApiProperty() manufacturerId!: string;
  @ApiProperty({ type: ShipToDto }) returnsDepot!: ShipToDto;
  @ApiProperty() returnCarrier!: string;
  @ApiProperty({ type: [ServiceCenterRouteDto] }) serviceCenters!: ServiceCenterRouteDto[];
  @ApiProperty({ type: 'integer' }) appealWindowDays!: number;
  @ApiProperty({ type: 'integer' }) closeResolvedAfterDays!: number;
  @ApiProperty({ type: 'integer', description: 'Stream revision; -1 before the first change' })
  revision!: number;
}

export class FulfilmentPolicyReceiptView extends FulfilmentPolicyView {
  @ApiProperty({ type: 'string', nullable: true }) position!: string | null;
}
