import { ApiProperty } from '@nestjs/swagger';
import { INSTANT, NULLABLE_STRING } from './common.response';

export class ServiceHistoryEntryView {
  @ApiProperty(INSTANT) at!: string;
  @ApiProperty({ enum: ['claim', 'rma', 'repair'] }) source!: string;
  @ApiProperty({ description: 'The claim, RMA or repair order id' }) id!: string;
  @ApiProperty({ description: 'The state reached or milestone passed', example: 'filed' })
  step!: string;
  @ApiProperty({ example: '2026-11-20 Claim filed: electrical, No power (acme-retail)' })
  text!: string;
}

export class ServiceHistoryView {
  @ApiProperty({ example: 'acme-appliances~SN-001' }) productId!: string;
  @ApiProperty() manufacturerId!: string;
  @ApiProperty() serialNumber!: string;
  @ApiProperty({ ...NULLABLE_STRING, description: 'The retailer that sold the unit' })
  retailerId!: string | null;
  @ApiProperty({ type: [ServiceHistoryEntryView], description: 'Oldest first' })
  entries!: ServiceHistoryEntryView[];
}
