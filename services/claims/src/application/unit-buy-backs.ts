import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@warranty/event-store';
import {
  type CommandContext,
  type CommandResult,
  StaleRevisionError,
} from '@warranty/eventsourcing';
import { claimIndexStream, type ClaimIndexState } from '../domain/claim-index';
import type { ApproveClaim } from '../domain/claim.commands';
import { claimDecider } from '../domain/claim.decider';
import { type ClaimState, claimStream, type FiledClaim } from '../domain/claim.state';
import type { ClaimEvent } from '../domain/events';
import { buyBackStanding } from '../domain/unit-buy-back';
import { ClaimStreams } from './claim-streams';
import { UnitRegistry } from './unit-registry';

/** A reservation whose claim was never approved: a crashed approval's, once this old (wall clock). */
const ABANDONED_BUY_BACK_MS = 30_000;

/**
 * Approving a claim for a refund or credit buys its unit back, which happens once. Two streams, the
 * claim last, so that nothing can fail after it:
 *  1. the unit's claim index reserves the unit's one buy-back for the claim (expected revision: of
 *     two simultaneous approvals on one unit one passes, the other gets 409);
 *  2. ClaimApproved.
 * Before step 1 the decider refuses, on what was read: another claim on the unit approved for a
 * refund or credit (read from each claim the index lists, so approvals from before the reservation
 * count too), or holding the reservation, and a cancelled registration. A retry of the same
 * approval finds its own reservation (no-op) and completes. A holder whose claim can no longer be
 * approved for one, or still is not 30 s after its reservation (the approval crashed), is taken over.
 */
@Injectable()
export class UnitBuyBacks {
  constructor(
    private readonly streams: ClaimStreams,
    private readonly units: UnitRegistry,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async approve(
    command: ApproveClaim,
    context: CommandContext,
    guard: (state: ClaimState) => void,
  ): Promise<CommandResult<ClaimEvent, ClaimState>> {
    const stream = claimStream(command.claimId);
    const read = await this.streams.claims.read(stream, context.commandId);
    guard(read.state);
    if (read.earlier) return this.streams.claims.handle(stream, command, context, guard, read);
    // A stale If-Match is refused before the reservation, as the append would refuse it after.
    if (context.expectedRevision !== undefined && context.expectedRevision !== read.revision)
      throw new StaleRevisionError(stream, context.expectedRevision, read.revision);
    const claim = read.state as FiledClaim;
    const indexStream = claimIndexStream(claim.manufacturerId, claim.serialNumber);
    const [index, registrationCancelled] = await Promise.all([
      this.streams.index.read(indexStream),
      this.units.cancellation(claim.manufacturerId, claim.serialNumber),
    ]);
    const { otherClaimId, takenOverFrom } = await this.standing(claim, index.state, indexStream);
    const approval: ApproveClaim = { ...command, buyBack: { otherClaimId, registrationCancelled } };
    // Refuse before anything is reserved.
    claimDecider.decide(approval, claim);
    await this.streams.index.handle(
      indexStream,
      { type: 'ReserveBuyBack', claimId: claim.claimId, takenOverFrom, at: command.at },
      // The reservation converges on the claim id, not on the request's command id.
      { ...context, expectedRevision: undefined, commandId: undefined },
      undefined,
      index,
    );
    try {
      return await this.streams.claims.handle(stream, approval, context, guard, read);
    } catch (error) {
      // The approval may have landed before the failure: then it is the answer.
      const landed = await this.streams.claims.read(stream, context.commandId);
      if (landed.earlier)
        return this.streams.claims.handle(stream, approval, context, guard, landed);
      throw error;
    }
  }

  /** The other claim that bought the unit back or holds its reservation, or a holder to take over. */
  private async standing(claim: FiledClaim, index: ClaimIndexState, indexStream: string) {
    const others = await Promise.all(
      index.claims
        .filter((c) => c.claimId !== claim.claimId)
        .map(async ({ claimId }) => ({
          claimId,
          standing: buyBackStanding((await this.streams.claims.load(claimStream(claimId))).state),
        })),
    );
    const buying = others.find((other) => other.standing === 'buys');
    if (buying) return { otherClaimId: buying.claimId, takenOverFrom: null };
    const holder = index.buyBack;
    if (holder === null || holder === claim.claimId)
      return { otherClaimId: null, takenOverFrom: null };
    const held = others.find((other) => other.claimId === holder)?.standing ?? 'never';
    const abandoned = held === 'never' || (await this.reservedLongAgo(holder, indexStream));
    return abandoned
      ? { otherClaimId: null, takenOverFrom: holder }
      : { otherClaimId: holder, takenOverFrom: null };
  }

  private async reservedLongAgo(claimId: string, indexStream: string): Promise<boolean> {
    const reservation = (await this.store.readStream(indexStream))
      .reverse()
      .find(
        (e) => e.type === 'BuyBackReserved' && (e.data as { claimId?: string }).claimId === claimId,
      );
    // Wall-clock age on purpose: this is about a crashed writer, not domain time.
    return (
      reservation !== undefined &&
      Date.now() - reservation.recordedAt.getTime() > ABANDONED_BUY_BACK_MS
    );
  }
}
