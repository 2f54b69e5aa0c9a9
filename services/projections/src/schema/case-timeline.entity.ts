import { bigintTransformer } from '@warranty/read-models';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type CaseTimelineSource = 'claim' | 'rma' | 'repair';

/** One event of a claim, its RMA or its repair order, filed under the claim once the link is known. */
@Entity({ name: 'case_timeline' })
@Index('case_timeline_claim', ['claimId', 'position'])
export class CaseTimelineEntry {
  @PrimaryColumn({ name: 'stream_id', type: 'text', collation: 'C' })
  streamId!: string;

  @PrimaryColumn({ type: 'int' })
  revision!: number;

  @Column({ type: 'bigint', transformer: bigintTransformer })
  position!: bigint;

  /** Null while an RMA's or repair's claim is not known yet. */
  @Column({ name: 'claim_id', type: 'text', nullable: true })
  claimId!: string | null;

  @Column({ type: 'text' })
  source!: CaseTimelineSource;

  /** The claim, RMA or repair order id. */
  @Column({ name: 'subject_id', type: 'text' })
  subjectId!: string;

  @Column({ type: 'text' })
  type!: string;

  @Column({ name: 'actor_role', type: 'text', nullable: true })
  actorRole!: string | null;

  @Column({ type: 'text' })
  description!: string;

  /** Domain time of the event. */
  @Column({ type: 'timestamptz' })
  at!: Date;
}
