import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, ValidateNested } from 'class-validator';
import {
  AsOf,
  Integer,
  IsPlainObject,
  MoneyDto,
  Omittable,
  OneOf,
  Pattern,
  SerialNumber,
  ShipmentDto,
  ShipToDto,
  TenantId,
  Text,
} from '@warranty/platform';
import {
  DISPOSITIONS,
  type Disposition,
  INSPECTION_FINDINGS,
  INSPECTION_GRADES,
  type InspectionFinding,
  type InspectionGrade,
  PLAIN_DISPOSITIONS,
  type PlainDisposition,
  RMA_TYPES,
  type RmaType,
} from '../../domain/events';

export { NoBodyDto, ShipmentDto, ShipToDto } from '@warranty/platform';

const LINE_ID = /^line-[1-9][0-9]{0,2}$/;
const LineId = () => Pattern(LINE_ID, 'lineId is a line of the RMA, such as line-1');

export class RmaLineDto {
  @SerialNumber()
  serialNumber!: string;

  @ApiPropertyOptional({ type: MoneyDto, description: 'Only for a unit never registered' })
  @IsOptional()
  @IsPlainObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  price?: MoneyDto;

  @ApiPropertyOptional({ description: 'Only for a unit never registered' })
  @IsOptional()
  @Text(1, 100)
  model?: string;
}

export class AuthorizeRmaDto {
  @OneOf(RMA_TYPES, 'type')
  type!: RmaType;

  @TenantId('manufacturerId')
  manufacturerId!: string;

  @ApiPropertyOptional({ description: 'The approved claim a warranty return fulfils' })
  @IsOptional()
  @Text(1, 100)
  claimId?: string;

  @ApiPropertyOptional({ description: 'Only for units never registered and no claim' })
  @IsOptional()
  @TenantId('retailerId')
  retailerId?: string;

  @ApiPropertyOptional({
    type: [RmaLineDto],
    minItems: 1,
    maxItems: 50,
    description: 'A warranty return defaults to its claim’s unit',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsPlainObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => RmaLineDto)
  lines?: RmaLineDto[];

  @ApiProperty({ type: ShipToDto })
  @IsPlainObject()
  @ValidateNested()
  @Type(() => ShipToDto)
  shipTo!: ShipToDto;

  @ApiProperty({ type: ShipmentDto, description: 'The label sent to the customer' })
  @IsPlainObject()
  @ValidateNested()
  @Type(() => ShipmentDto)
  shippingLabel!: ShipmentDto;

  @ApiPropertyOptional({ type: MoneyDto, description: 'Required for an advance exchange only' })
  @IsOptional()
  @IsPlainObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  deposit?: MoneyDto;
}

export class ReceiveLineDto {
  @LineId()
  lineId!: string;

  @SerialNumber()
  serialNumber!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Text(0, 2000)
  notes?: string;
}

export class InspectLineDto {
  @LineId()
  lineId!: string;

  @OneOf(INSPECTION_GRADES, 'grade')
  grade!: InspectionGrade;

  @OneOf(INSPECTION_FINDINGS, 'finding')
  finding!: InspectionFinding;

  @OneOf(DISPOSITIONS, 'disposition')
  disposition!: Disposition;

  @ApiPropertyOptional()
  @IsOptional()
  @Text(0, 4000)
  notes?: string;
}

export class ShipExchangeDto extends ShipmentDto {
  @LineId()
  lineId!: string;

  @SerialNumber()
  replacementSerialNumber!: string;
}

export class PayOutDto {
  @LineId()
  lineId!: string;

  @ApiProperty({ type: MoneyDto, description: 'At most the line’s price, in its currency' })
  @IsPlainObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  amount!: MoneyDto;

  @ApiProperty({ example: 'RF-2026-0042' })
  @Text(1, 100)
  reference!: string;
}

export class ApplyDispositionDto {
  @LineId()
  lineId!: string;

  @OneOf(PLAIN_DISPOSITIONS, 'disposition')
  disposition!: PlainDisposition;

  @ApiPropertyOptional({ description: 'E.g. the repair order, or the tracking number back' })
  @IsOptional()
  @Text(0, 200)
  reference?: string;
}

export class SwitchToExchangeDto {
  @LineId()
  lineId!: string;

  @ApiProperty({ example: 'Unrepairable: motor housing cracked' })
  @Text(1, 2000)
  reason!: string;

  @ApiPropertyOptional({ description: 'The repair order that found the unit unrepairable' })
  @IsOptional()
  @Text(1, 100)
  repairOrderId?: string;
}

export class CancelRmaDto {
  @ApiProperty({ example: 'Customer decided to keep the unit' })
  @Text(1, 2000)
  reason!: string;
}

export class RmaAsOfDto {
  @ApiPropertyOptional()
  @IsOptional()
  @AsOf()
  asOf?: string;
}

export class ReturnPolicyDto {
  @ApiPropertyOptional({ example: 30, description: 'A retailer’s own: days from purchase' })
  @Omittable()
  @Integer(0, 3650)
  returnWindowDays?: number;

  @ApiPropertyOptional({
    example: 14,
    description: 'A manufacturer’s own: days from authorization',
  })
  @Omittable()
  @Integer(1, 3650)
  receiptDeadlineDays?: number;
}
