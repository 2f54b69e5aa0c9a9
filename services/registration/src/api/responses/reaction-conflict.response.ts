import { ApiProperty } from '@nestjs/swagger';

/** A returns or claims event registration's reaction refused, and why. */
export class ReactionConflictView {
  @ApiProperty({
    description: 'The refused ExchangeShipped, RefundIssued, CreditIssued or ClaimResolved',
  })
  eventId!: string;
  @ApiProperty({ description: 'Its RMA stream, `rma-{rmaId}`, or claim stream, `claim-{claimId}`' })
  streamId!: string;
  @ApiProperty({ description: 'Its global position' }) position!: string;
  @ApiProperty({
    description:
      'Why, e.g. `replacement-already-registered`, `replacement-registration-cancelled`, `original-already-replaced`, `original-not-covered`, `registration-cancelled`',
  })
  code!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
}

export class ReactionConflictsView {
  @ApiProperty({ type: [ReactionConflictView], description: 'Newest first, at most 1,000' })
  conflicts!: ReactionConflictView[];
}
