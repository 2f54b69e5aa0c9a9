import type { CoverageKind } from '@warranty/coverage';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A manufacturer's warranty plan, as reference data for listings. */
@Entity({ name: 'warranty_plans' })
export class WarrantyPlanView {
  @PrimaryColumn({ name: 'manufacturer_id', type: 'text' })
  manufacturerId!: string;

  @PrimaryColumn({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'int' })
  months!: number;

  @Column({ name: 'coverage_kinds', type: 'text', array: true })
  coverageKinds!: CoverageKind[];

  @Column({ type: 'boolean' })
  transferable!: boolean;

  @Column({ type: 'text' })
  kind!: 'base' | 'extension';

  @Column({ name: 'defined_at', type: 'timestamptz' })
  definedAt!: Date;

  @Column({ name: 'last_revision', type: 'int' })
  lastRevision!: number;
}
