import type { RepairOrderStatus } from '@warranty/contracts/repairs';
import { bigintTransformer } from '@warranty/read-models';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The instant each repair state was first reached, keyed by state (and `reassigned`, the latest move). */
export type RepairSteps = Partial<Record<RepairOrderStatus | 'reassigned', string>>;

/** One repair order as the service center's and the manufacturer's queues show it. */
@Entity({ name: 'repair_queue' })
// As the migration creates them.
@Index('repair_queue_service_center', ['serviceCenterId', 'state', 'openedAt', 'repairOrderId'])
@Index('repair_queue_manufacturer', ['manufacturerId', 'state', 'openedAt', 'repairOrderId'])
@Index('repair_queue_retailer', ['retailerId', 'state', 'openedAt', 'repairOrderId'])
@Index('repair_queue_opened', ['openedAt', 'repairOrderId'])
export class RepairQueueRow {
  /** Collated "C": ties in the queue's order go by byte order, whatever the database locale. */
  @PrimaryColumn({ name: 'repair_order_id', type: 'text', collation: 'C' })
  repairOrderId!: string;

  @Column({ type: 'text' })
  state!: RepairOrderStatus;

  @Column({ name: 'manufacturer_id', type: 'text' })
  manufacturerId!: string;

  /** The retailer that sold the unit; null when none is known. */
  @Column({ name: 'retailer_id', type: 'text', nullable: true })
  retailerId!: string | null;

  @Column({ name: 'service_center_id', type: 'text' })
  serviceCenterId!: string;

  @Column({ name: 'claim_id', type: 'text', nullable: true })
  claimId!: string | null;

  @Column({ name: 'rma_id', type: 'text', nullable: true })
  rmaId!: string | null;

  /** `{manufacturerId}~{serial}`, as registration names the unit. */
  @Column({ name: 'product_id', type: 'text' })
  productId!: string;

  /** Normalized. */
  @Column({ name: 'serial_number', type: 'text' })
  serialNumber!: string;

  @Column({ type: 'boolean' })
  covered!: boolean;

  @Column({ name: 'reported_defect', type: 'text' })
  reportedDefect!: string;

  @Column({ name: 'technician_id', type: 'text', nullable: true })
  technicianId!: string | null;

  @Column({ type: 'text', nullable: true })
  findings!: string | null;

  @Column({ name: 'fault_code', type: 'text', nullable: true })
  faultCode!: string | null;

  @Column({ name: 'quality_check_failures', type: 'int' })
  qualityCheckFailures!: number;

  /** Three failed quality checks: the manufacturer should look at it. */
  @Column({ type: 'boolean' })
  flagged!: boolean;

  @Column({ type: 'text', nullable: true })
  carrier!: string | null;

  @Column({ name: 'tracking_number', type: 'text', nullable: true })
  trackingNumber!: string | null;

  @Column({ type: 'text', nullable: true })
  outcome!: string | null;

  @Column({ type: 'jsonb' })
  steps!: RepairSteps;

  @Column({ name: 'opened_at', type: 'timestamptz' })
  openedAt!: Date;

  /** YYYY-MM-DD: the last day of the turnaround; overdue after it while the unit is still in the shop. */
  @Column({ name: 'due_on', type: 'date' })
  dueOn!: string;

  /** Domain time of the latest repair event this row knows. */
  @Column({ name: 'last_event_at', type: 'timestamptz' })
  lastEventAt!: Date;

  @Column({ name: 'last_revision', type: 'int' })
  lastRevision!: number;

  @Column({ name: 'updated_position', type: 'bigint', transformer: bigintTransformer })
  updatedPosition!: bigint;
}
