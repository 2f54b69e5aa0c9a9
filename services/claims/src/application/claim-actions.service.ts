import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore, StreamNotFoundError } from '@warranty/event-store';
import {
  type Actor,
  type CommandContext,
  type EventEnvelope,
  eventsAsOf,
  foldAsOf,
  toEnvelope,
} from '@warranty/eventsourcing';
import type { ClaimCommand } from '../domain/claim.commands';
import { claimDecider } from '../domain/claim.decider';
import { type ClaimState, claimStream, type FiledClaim } from '../domain/claim.state';
import { type ClaimEvent, releasesClaimIndex } from '../domain/events';
import { mergeReviewFlags, type ReviewFlag } from '../domain/review-flags';
import { claimIndexStream, unitFlagsFor } from '../domain/claim-index';
import { isBuyBack, nothingBoughtBack } from '../domain/unit-buy-back';
import { canSeeClaim, claimNotFound, claimNotYetExisting, seesUnitFlags } from './claim-access';
import { ClaimStreams } from './claim-streams';
import { UnitBuyBacks } from './unit-buy-backs';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A command on an existing claim, without the fields the service fills in. */
export type ClaimAction = DistributiveOmit<
  Exclude<ClaimCommand, { type: 'FileClaim' }>,
  'claimId' | 'at' | 'by' | 'decidedBy' | 'buyBack'
>;

/**
 * Every command on a filed claim, scoped to its parties; frees the claim index when a claim ends. An
 * approval for a refund or credit goes through the unit's one buy-back first.
 */
@Injectable()
export class ClaimActions {
  constructor(
    private readonly streams: ClaimStreams,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly buyBacks: UnitBuyBacks,
  ) {}

  async act(claimId: string, action: ClaimAction, context: CommandContext) {
    const at = this.streams.now();
    const by = context.actor.tenantId;
    const decision = action.type === 'ApproveClaim' || action.type === 'RejectClaim';
    const command = {
      ...action,
      claimId,
      at,
      ...(decision ? { decidedBy: by } : { by }),
      ...(action.type === 'ApproveClaim' ? { buyBack: nothingBoughtBack } : {}),
    } as ClaimCommand;
    const guard = (state: ClaimState) => {
      if (!canSeeClaim(context.actor, state)) throw claimNotFound(claimId);
    };
    const result =
      command.type === 'ApproveClaim' && isBuyBack(command.resolution)
        ? await this.buyBacks.approve(command, context, guard)
        : await this.streams.claims.handle(claimStream(claimId), command, context, guard);
    const claim = result.state as FiledClaim;
    if ((result.events as ClaimEvent[]).some(releasesClaimIndex)) {
      await this.streams.index.handle(
        claimIndexStream(claim.manufacturerId, claim.serialNumber),
        { type: 'ReleaseClaim', claimId, at },
        { ...context, expectedRevision: undefined },
      );
    }
    return result;
  }

  /** The claim now, or as it stood at `asOf` (domain time), with the revision it had then. */
  async get(claimId: string, context: Pick<CommandContext, 'actor'>, asOf?: Date) {
    const events = await this.visibleEvents(claimId, context);
    const then = foldAsOf(claimDecider, events, asOf);
    if (!then) throw claimNotYetExisting(claimId, asOf);
    return {
      claim: then.state as FiledClaim,
      revision: then.revision,
      latestRevision: events[events.length - 1].revision,
    };
  }

  /** The claim's review flags as the actor may see them: the manufacturer's include the unit's. */
  async flags(claim: FiledClaim, actor: Actor): Promise<ReviewFlag[]> {
    if (!seesUnitFlags(actor)) return claim.filing.flags;
    const { state } = await this.streams.index.load(
      claimIndexStream(claim.manufacturerId, claim.serialNumber),
    );
    return mergeReviewFlags(claim.filing.flags, unitFlagsFor(state, claim.claimId));
  }

  /** Every event of the claim with its envelope, for the parties and auditors; with asOf, up to then. */
  async history(
    claimId: string,
    context: Pick<CommandContext, 'actor'>,
    asOf?: Date,
  ): Promise<EventEnvelope[]> {
    const events = eventsAsOf(await this.visibleEvents(claimId, context), asOf);
    if (events.length === 0) throw claimNotYetExisting(claimId, asOf);
    return events;
  }

  private async visibleEvents(
    claimId: string,
    context: Pick<CommandContext, 'actor'>,
  ): Promise<EventEnvelope[]> {
    let events: EventEnvelope[];
    try {
      events = (await this.store.readStream(claimStream(claimId))).map((e) => toEnvelope(e));
    } catch (error) {
      if (error instanceof StreamNotFoundError) throw claimNotFound(claimId);
      throw error;
    }
    const current = foldAsOf(claimDecider, events)?.state ?? claimDecider.initialState;
    if (!canSeeClaim(context.actor, current)) throw claimNotFound(claimId);
    return events;
  }
}
