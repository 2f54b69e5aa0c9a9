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

/** Where units are sent: the returns depot of an RMA or of a manufacturer's policy. */
export class ShipToDto {
  @ApiProperty({ example: 'leeds-depot' })
  @Text(1, 100)
  locationId!: string;

  @ApiProperty({ example: 'Acme returns depot' })
  @Text(1, 200)
  name!: string;

  @ApiProperty({ example: '1 Dock Road, Leeds LS1 1AA, GB' })
  @Text(1, 1000)
  address!: string;
}

/** A step that takes no input; unknown fields are still refused. */
export class NoBodyDto {}
