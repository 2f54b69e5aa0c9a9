import { bigintTransformer } from '@warranty/read-models';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Disposition, RmaLineStatus, RmaType } from '@warranty/contracts/returns';
import type { RmaQueueState } from './rma-queue-state';

/** One line as the queue folds it: enough to derive the RMA's state. */
export interface RmaQueueLine {
  lineId: string;
  serialNumber: string;
  status: RmaLineStatus;
  applied: Disposition | null;
  /** An advance exchange's replacement left before the unit came back. */
  replacementShipped: boolean;
  /** Inspected for repair, then bound for an exchange (LineSwitchedToExchange). */
  switchedToExchange?: boolean;
}

/** The instant each RMA state was first reached, keyed by state. */
export type RmaSteps = Partial<Record<RmaQueueState, string>>;

/** One RMA as the returns desk's queue shows it. */
@Entity({ name: 'rma_queue' })
// As the migration creates them.
@Index('rma_queue_manufacturer', ['manufacturerId', 'state', 'authorizedAt', 'rmaId'])
@Index('rma_queue_retailer', ['retailerId', 'state', 'authorizedAt', 'rmaId'])
@Index('rma_queue_authorized', ['authorizedAt', 'rmaId'])
export class RmaQueueRow {
  /** Collated "C": ties in the queue's order go by byte order, whatever the database locale. */
  @PrimaryColumn({ name: 'rma_id', type: 'text', collation: 'C' })
  rmaId!: string;

  @Column({ name: 'rma_number', type: 'text' })
  rmaNumber!: string;

  @Column({ type: 'text' })
  type!: RmaType;

  @Column({ type: 'text' })
  state!: RmaQueueState;

  @Column({ name: 'manufacturer_id', type: 'text' })
  manufacturerId!: string;

  @Column({ name: 'retailer_id', type: 'text', nullable: true })
  retailerId!: string | null;

  @Column({ name: 'claim_id', type: 'text', nullable: true })
  claimId!: string | null;

  @Column({ type: 'jsonb' })
  lines!: RmaQueueLine[];

  @Column({ name: 'lines_count', type: 'int' })
  linesCount!: number;

  /** Normalized, as authorized. */
  @Column({ name: 'serial_numbers', type: 'text', array: true })
  serialNumbers!: string[];

  /** YYYY-MM-DD: the units must arrive by the end of this day (UTC). */
  @Column({ name: 'return_by', type: 'date' })
  returnBy!: string;

  @Column({ type: 'text', nullable: true })
  carrier!: string | null;

  @Column({ name: 'tracking_number', type: 'text', nullable: true })
  trackingNumber!: string | null;

  @Column({ type: 'jsonb' })
  steps!: RmaSteps;

  @Column({ name: 'authorized_at', type: 'timestamptz' })
  authorizedAt!: Date;

  /** Domain time of the latest RMA event this row knows. */
  @Column({ name: 'last_event_at', type: 'timestamptz' })
  lastEventAt!: Date;

  @Column({ name: 'last_revision', type: 'int' })
  lastRevision!: number;

  @Column({ name: 'updated_position', type: 'bigint', transformer: bigintTransformer })
  updatedPosition!: bigint;
}
