import { ApiProperty } from '@nestjs/swagger';
import { Text } from './validators';

/** A parcel on its way: returns and repairs both record one. */
export class ShipmentDto {
  @ApiProperty({ example: 'DHL' })
  @Text(1, 100)
  carrier!: string;

  @ApiProperty({ example: 'JD014600006281234567' })
  @Text(1, 100)
  trackingNumber!: string;
}

/** A step that takes no input; unknown fields are still refused. */
export class NoBodyDto {}
