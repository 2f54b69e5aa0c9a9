import { Inject, Injectable } from '@nestjs/common';
import { claimEvents } from '@warranty/contracts/claims';
import { EVENT_STORE, type EventStore } from '@warranty/event-store';
import {
  CLOCK,
  type Clock,
  CommandHandler,
  ID_GENERATOR,
  type IdGenerator,
} from '@warranty/eventsourcing';
import {
  claimIndexDecider,
  type ClaimIndexCommand,
  type ClaimIndexState,
} from '../domain/claim-index';
import type { ClaimCommand } from '../domain/claim.commands';
import { claimDecider } from '../domain/claim.decider';
import type { ClaimState } from '../domain/claim.state';
import {
  type ClaimReviewPolicySet,
  claimReviewPolicyDecider,
  type SetClaimReviewPolicy,
} from '../domain/claim-review-policy';
import {
  type ClaimantHistory,
  claimantHistoryDecider,
  type CustomerClaimRecorded,
  type RecordCustomerClaim,
} from '../domain/claimant-history';
import type { ClaimEvent, ClaimIndexEvent } from '../domain/events';
import type { ReviewThresholds } from '../domain/review-flags';

/** The command handlers of the claims context's four stream kinds. */
@Injectable()
export class ClaimStreams {
  readonly claims: CommandHandler<ClaimCommand, ClaimEvent, ClaimState>;
  readonly index: CommandHandler<ClaimIndexCommand, ClaimIndexEvent, ClaimIndexState>;
  readonly claimants: CommandHandler<RecordCustomerClaim, CustomerClaimRecorded, ClaimantHistory>;
  readonly policies: CommandHandler<SetClaimReviewPolicy, ClaimReviewPolicySet, ReviewThresholds>;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CLOCK) readonly clock: Clock,
    @Inject(ID_GENERATOR) readonly ids: IdGenerator,
  ) {
    this.claims = new CommandHandler(store, claimDecider, clock, ids, {
      tenants: (state) =>
        state.status === 'none'
          ? {}
          : { retailer: state.retailerId, manufacturer: state.manufacturerId },
      schemaVersion: claimEvents.schemaVersion,
      upcast: claimEvents.decode,
    });
    const manufacturerOf = (
      _state: unknown,
      events: Array<{ data: { manufacturerId: string } }>,
    ) => ({
      manufacturer: events[0]?.data.manufacturerId,
    });
    this.index = new CommandHandler(store, claimIndexDecider, clock, ids, {
      // Filings on one unit race for its index; each lost race means another filing went through.
      maxAttempts: 25,
      tenants: (state) => (state.manufacturerId ? { manufacturer: state.manufacturerId } : {}),
    });
    this.claimants = new CommandHandler(store, claimantHistoryDecider, clock, ids, {
      commutative: true,
      tenants: manufacturerOf,
    });
    this.policies = new CommandHandler(store, claimReviewPolicyDecider, clock, ids, {
      tenants: manufacturerOf,
    });
  }

  now(): string {
    return this.clock.now().toISOString();
  }
}
