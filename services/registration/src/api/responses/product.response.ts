import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { COVERAGE_KINDS } from '@warranty/coverage';

const DATE = { type: 'string', format: 'date' } as const;
const INSTANT = { type: 'string', format: 'date-time' } as const;

export class MoneyView {
  @ApiProperty({ type: 'integer', description: 'Minor units (cents)' }) amount!: number;
  @ApiProperty({ example: 'EUR' }) currency!: string;
}

export class OwnerView {
  @ApiProperty() customerId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ description: 'ISO 3166-1 alpha-2' }) country!: string;
}

export class PlanTermsView {
  @ApiProperty() code!: string;
  @ApiProperty({ type: 'integer' }) months!: number;
  @ApiProperty({ enum: COVERAGE_KINDS, isArray: true }) coverage!: string[];
  @ApiProperty() transferable!: boolean;
}

export class CoverageWindowView {
  @ApiProperty({ ...DATE, description: 'First covered day' }) start!: string;
  @ApiProperty({ ...DATE, description: 'Last covered day' }) end!: string;
  @ApiProperty({ enum: COVERAGE_KINDS, isArray: true }) kinds!: string[];
  @ApiProperty({ ...DATE, nullable: true, description: 'Set when a transfer ended coverage' })
  endedOn!: string | null;
}

export class ExtensionView {
  @ApiProperty() planCode!: string;
  @ApiProperty({ type: 'integer' }) extraMonths!: number;
  @ApiProperty({ enum: COVERAGE_KINDS, isArray: true }) coverage!: string[];
  @ApiProperty() contractReference!: string;
  @ApiProperty(DATE) previousEnd!: string;
  @ApiProperty(DATE) newEnd!: string;
  @ApiProperty(INSTANT) extendedAt!: string;
}

export class VoidingView {
  @ApiProperty({ enum: ['tampering', 'unauthorized_repair', 'other'] }) reason!: string;
  @ApiProperty() notes!: string;
  @ApiProperty() voidedBy!: string;
  @ApiProperty(INSTANT) voidedAt!: string;
}

export class CancellationView {
  @ApiProperty({ enum: ['returned_for_refund', 'registered_in_error', 'replaced'] })
  reason!: string;
  @ApiProperty() notes!: string;
  @ApiProperty() cancelledBy!: string;
  @ApiProperty(INSTANT) cancelledAt!: string;
  @ApiPropertyOptional({ description: 'With reason `replaced`: the unit that replaced this one' })
  replacedByProductId?: string;
}

/** A registered unit. */
export class ProductView {
  @ApiProperty({ example: 'acme-appliances~WM-0001' }) productId!: string;
  @ApiProperty({ enum: ['active', 'voided', 'cancelled'] }) status!: string;
  @ApiProperty() manufacturerId!: string;
  @ApiProperty({ description: 'Trimmed and upper-cased' }) serialNumber!: string;
  @ApiProperty() model!: string;
  @ApiProperty() category!: string;
  @ApiProperty(DATE) purchaseDate!: string;
  @ApiProperty() retailerId!: string;
  @ApiProperty({ type: MoneyView }) price!: MoneyView;
  @ApiProperty({ type: OwnerView }) owner!: OwnerView;
  @ApiProperty({ type: PlanTermsView }) plan!: PlanTermsView;
  @ApiProperty({ type: CoverageWindowView }) coverage!: CoverageWindowView;
  @ApiProperty({ type: [ExtensionView] }) extensions!: ExtensionView[];
  @ApiProperty({ type: VoidingView, nullable: true }) voided!: VoidingView | null;
  @ApiProperty({ type: CancellationView, nullable: true }) cancelled!: CancellationView | null;
  @ApiProperty(INSTANT) registeredAt!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'The unit this one replaced in an exchange, whose coverage it carries; null for a sale',
  })
  replacesProductId!: string | null;
  @ApiProperty({ type: 'integer', description: 'Stream revision, also the ETag' })
  revision!: number;
}

/** A unit as read; with asOf, as it stood then. */
export class ProductReadView extends ProductView {
  @ApiPropertyOptional({ description: 'Echoed when asked for' }) asOf?: string;
}

/** A unit after a command: where its stream now stands. */
export class ProductReceiptView extends ProductView {
  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'Global position of the last event written; pass it as minPosition',
  })
  position!: string | null;
}
