import type { Decider, DomainEvent } from '@warranty/eventsourcing';
import { DEFAULT_REVIEW_THRESHOLDS, type ReviewThresholds, reviewThresholds } from './review-flags';

/** A manufacturer's review thresholds (policy data); stream `claimpolicy-{manufacturerId}`. */
export type ClaimReviewPolicySet = DomainEvent<
  'ClaimReviewPolicySet',
  { manufacturerId: string; thresholds: ReviewThresholds; setBy: string; at: string }
>;
export type SetClaimReviewPolicy = {
  type: 'SetClaimReviewPolicy';
  manufacturerId: string;
  thresholds: Partial<ReviewThresholds>;
  setBy: string;
  at: string;
};

export const claimPolicyStream = (manufacturerId: string): string =>
  `claimpolicy-${manufacturerId}`;

export const claimReviewPolicyDecider: Decider<
  SetClaimReviewPolicy,
  ClaimReviewPolicySet,
  ReviewThresholds
> = {
  initialState: { ...DEFAULT_REVIEW_THRESHOLDS },
  decide: (command, state) => [
    {
      type: 'ClaimReviewPolicySet',
      data: {
        manufacturerId: command.manufacturerId,
        thresholds: reviewThresholds({ ...state, ...command.thresholds }),
        setBy: command.setBy,
        at: command.at,
      },
    },
  ],
  evolve: (_state, event) => event.data.thresholds,
};
