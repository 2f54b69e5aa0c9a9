import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintTransformer } from './bigint-transformer';

@Entity({ name: 'projection_checkpoints' })
export class ProjectionCheckpoint {
  @PrimaryColumn({ type: 'text' })
  name!: string;

  /** The last handled global position; null before the first event. */
  @Column({ type: 'bigint', nullable: true, transformer: bigintTransformer })
  position!: bigint | null;

  /** The event store whose log `position` is in; null before it was recorded. */
  @Column({ name: 'store_kind', type: 'text', nullable: true })
  storeKind!: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
