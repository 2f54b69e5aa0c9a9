import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsOptional,
  ValidateNested,
} from 'class-validator';
import {
  AsOf,
  CurrencyCode,
  Integer,
  IsPlainObject,
  Pattern,
  SerialNumber,
  TenantId,
  Text,
} from '@warranty/platform';
import { MAX_LABOR_MINUTES, MAX_REPAIR_AMOUNT } from '../../domain/repair-costs';

export { NoBodyDto, ShipmentDto } from '@warranty/platform';

/** An amount a repair is priced from; bounded so that every total the order makes stays exact. */
export class RepairMoneyDto {
  @ApiProperty({ description: 'Integer minor units (e.g. cents)', example: 10000 })
  @Integer(0, MAX_REPAIR_AMOUNT)
  amount!: number;

  @CurrencyCode('currency')
  currency!: string;
}

const RepairMoney = (description: string, required = true) =>
  applyDecorators(
    required
      ? ApiProperty({ type: RepairMoneyDto, description })
      : ApiPropertyOptional({ type: RepairMoneyDto, description }),
    IsPlainObject(),
    ValidateNested(),
    Type(() => RepairMoneyDto),
  );

export class RepairPartDto {
  @ApiProperty({ example: 'MOTOR-220V' })
  @Pattern(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/,
    'sku is 1-64 letters, digits, dots, dashes or underscores',
  )
  sku!: string;

  @ApiProperty({ example: 1 })
  @Integer(1, 10_000)
  quantity!: number;

  @RepairMoney('What the service center pays per unit')
  unitCost!: RepairMoneyDto;
}

const Parts = (min: number) =>
  applyDecorators(
    ApiProperty({ type: [RepairPartDto], minItems: min, maxItems: 50 }),
    IsArray(),
    ArrayMinSize(min),
    ArrayMaxSize(50),
    IsPlainObject({ each: true }),
    ValidateNested({ each: true }),
    Type(() => RepairPartDto),
  );

export class OpenRepairOrderDto {
  @TenantId('manufacturerId')
  manufacturerId!: string;

  @TenantId('serviceCenterId')
  serviceCenterId!: string;

  @SerialNumber()
  serialNumber!: string;

  @ApiPropertyOptional({ description: 'The claim the repair fulfils' })
  @IsOptional()
  @Text(1, 100)
  claimId?: string;

  @ApiPropertyOptional({ description: 'The RMA the unit came in on' })
  @IsOptional()
  @Text(1, 100)
  rmaId?: string;

  @ApiProperty({ example: 'Drum does not spin' })
  @Text(1, 4000)
  reportedDefect!: string;

  @IsOptional()
  @RepairMoney('The most the plan pays for this repair; none means no limit', false)
  planLimit?: RepairMoneyDto;

  @ApiPropertyOptional({
    description:
      'The claim was approved as goodwill: the manufacturer pays the repair as if the plan covered it',
  })
  @IsOptional()
  @IsBoolean()
  goodwill?: boolean;
}

export class AssignTechnicianDto {
  @ApiProperty({ example: 'tech-ana' })
  @Text(1, 100)
  technician!: string;
}

export class DiagnosisDto {
  @ApiProperty({ example: 'Motor windings burnt out' })
  @Text(1, 4000)
  findings!: string;

  @ApiProperty({ example: 'E21' })
  @Text(1, 50)
  faultCode!: string;

  @Parts(0)
  parts!: RepairPartDto[];

  @ApiProperty({ example: 90, description: 'Estimated labor' })
  @Integer(0, MAX_LABOR_MINUTES)
  laborMinutes!: number;
}

export class DeclineEstimateDto {
  @ApiProperty({ example: 'Customer will buy a new unit' })
  @Text(1, 2000)
  reason!: string;
}

export class PartsOrderDto {
  @Parts(1)
  parts!: RepairPartDto[];

  @ApiPropertyOptional({ example: 'PO-7781' })
  @IsOptional()
  @Text(0, 100)
  supplierReference?: string;
}

export class PartsReceiptDto {
  @Parts(1)
  parts!: RepairPartDto[];
}

export class WorkLogDto {
  @ApiProperty({ example: 45 })
  @Integer(1, MAX_LABOR_MINUTES)
  laborMinutes!: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Text(0, 4000)
  notes?: string;
}

export class NotesDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Text(0, 4000)
  notes?: string;
}

export class QualityCheckDto {
  @ApiProperty({ description: 'False sends the order back to in_repair' })
  @IsBoolean()
  passed!: boolean;

  @ApiPropertyOptional({ description: 'Required when the check failed: what failed' })
  @IsOptional()
  @Text(0, 4000)
  notes?: string;
}

export class UnrepairableDto {
  @ApiProperty({ example: 'Main board no longer made' })
  @Text(1, 2000)
  reason!: string;
}

export class ReassignmentDto {
  @TenantId('serviceCenterId')
  serviceCenterId!: string;

  @ApiProperty({ example: 'Closer to the customer' })
  @Text(1, 2000)
  reason!: string;
}

export class RepairOrderAsOfDto {
  @ApiPropertyOptional()
  @IsOptional()
  @AsOf()
  asOf?: string;
}

export class RepairRatesDto {
  @RepairMoney('Per hour of labor')
  laborRatePerHour!: RepairMoneyDto;

  @ApiProperty({ example: 1500, description: 'Markup on parts cost in basis points (1500 = 15%)' })
  @Integer(0, 100_000)
  partsMarkupBasisPoints!: number;

  @RepairMoney('Charged when an estimate is declined')
  diagnosisFee!: RepairMoneyDto;
}
