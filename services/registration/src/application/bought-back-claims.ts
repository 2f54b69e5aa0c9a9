import { Inject, Injectable } from '@nestjs/common';
import {
  type ClaimEvent,
  type ClaimFiled,
  type ClaimResolved,
  claimEvents,
} from '@warranty/contracts/claims';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@warranty/event-store';
import { type BuyBackOutcome, endBoughtBackRegistration, firstEventOf } from './bought-back-unit';
import { ProductCommands } from './product-commands.service';

/** Namespace of the command ids derived from the ClaimResolved event a registration reacts to. */
const REACTION_NAMESPACE = 'warranty/registration/bought-back-claim';

const PAID = { refunded: 'Refunded', credited: 'Credited' } as const;

export type BoughtBackOutcome =
  | BuyBackOutcome
  /** Nothing for registration to do: no money on the claim itself, or no registration to end. */
  | { outcome: 'ignored' };

/**
 * Registration's reaction to claims' ClaimResolved `refunded` or `credited` with no RMA: the claim
 * paid its approved amount directly, which buys the unit back, so the unit's registration ends
 * (`returned_for_refund`) and it is neither covered nor refunded or credited again. A claim
 * resolved through an RMA is left to that RMA's RefundIssued or CreditIssued; a claim on a receipt
 * has no registration. ClaimResolved names the claim only; its unit is read from the claim's
 * ClaimFiled, as claims published it. The command id derives from the event id, so a redelivery
 * writes nothing; a refusal is a conflict to record, never a reason to stop.
 */
@Injectable()
export class BoughtBackClaims {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly products: ProductCommands,
  ) {}

  async react(recorded: RecordedEvent): Promise<BoughtBackOutcome> {
    const { data } = claimEvents.decode<ClaimResolved>(recorded);
    if (!(data.outcome === 'refunded' || data.outcome === 'credited') || data.rmaId !== null)
      return { outcome: 'ignored' };
    const filed = await this.filingOf(recorded);
    if (!filed)
      return {
        outcome: 'conflict',
        code: 'claim-not-filed',
        reason: `Claim ${data.claimId} has no ClaimFiled before its resolution`,
      };
    const { productId, manufacturerId, serialNumber } = filed.data;
    if (productId === null) return { outcome: 'ignored' };
    return endBoughtBackRegistration(this.products, recorded, {
      namespace: REACTION_NAMESPACE,
      actorId: 'bought-back-claims',
      manufacturerId,
      productId,
      notes: `${PAID[data.outcome]} through claim ${data.claimId} on ${serialNumber}`,
    });
  }

  /** The claim's ClaimFiled: the first event of its stream. */
  private async filingOf(recorded: RecordedEvent): Promise<ClaimFiled | null> {
    const first = await firstEventOf(this.store, recorded);
    if (!first) return null;
    const decoded = claimEvents.decode<ClaimEvent>(first);
    return decoded.type === 'ClaimFiled' ? decoded : null;
  }
}
