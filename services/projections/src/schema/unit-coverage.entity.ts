import type { CoverageKind } from '@warranty/coverage';
import { bigintTransformer } from '@warranty/read-models';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type UnitCoverageStatus = 'active' | 'voided' | 'cancelled';

/** One registered unit and its coverage as it stands now. */
@Entity({ name: 'unit_coverage' })
@Index('unit_coverage_serial', ['manufacturerId', 'serialNumber'], { unique: true })
export class UnitCoverage {
  @PrimaryColumn({ name: 'product_id', type: 'text' })
  productId!: string;

  @Column({ name: 'manufacturer_id', type: 'text' })
  manufacturerId!: string;

  @Column({ name: 'serial_number', type: 'text' })
  serialNumber!: string;

  @Column({ type: 'text' })
  model!: string;

  @Column({ type: 'text' })
  category!: string;

  @Column({ name: 'retailer_id', type: 'text' })
  retailerId!: string;

  @Column({ name: 'purchase_date', type: 'date' })
  purchaseDate!: string;

  @Column({ name: 'plan_code', type: 'text' })
  planCode!: string;

  @Column({ name: 'coverage_kinds', type: 'text', array: true })
  coverageKinds!: CoverageKind[];

  @Column({ type: 'boolean' })
  transferable!: boolean;

  @Column({ name: 'coverage_start', type: 'date' })
  coverageStart!: string;

  @Column({ name: 'coverage_end', type: 'date' })
  coverageEnd!: string;

  @Column({ name: 'coverage_ended_on', type: 'date', nullable: true })
  coverageEndedOn!: string | null;

  @Column({ type: 'text' })
  status!: UnitCoverageStatus;

  /** The unit that replaced this one in an exchange (its registration then ended). */
  @Column({ name: 'replaced_by_product_id', type: 'text', nullable: true })
  replacedByProductId!: string | null;

  @Column({ name: 'owner_customer_id', type: 'text' })
  ownerCustomerId!: string;

  @Column({ name: 'last_revision', type: 'int' })
  lastRevision!: number;

  @Column({ name: 'updated_position', type: 'bigint', transformer: bigintTransformer })
  updatedPosition!: bigint;
}
