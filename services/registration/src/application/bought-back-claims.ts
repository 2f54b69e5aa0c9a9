import { Inject, Injectable } from '@nestjs/common';
import {
  type ClaimEvent,
  type ClaimFiled,
  type ClaimResolved,
  claimEvents,
} from '@warranty/contracts/claims';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@warranty/event-store';
import { DomainError, nameBasedId } from '@warranty/eventsourcing';
import { ProductCommands } from './product-commands.service';

/** Namespace of the command ids derived from the ClaimResolved event a registration reacts to. */
const REACTION_NAMESPACE = 'warranty/registration/bought-back-claim';

const PAID = { refunded: 'Refunded', credited: 'Credited' } as const;

export type BoughtBackOutcome =
  | { outcome: 'cancelled'; productId: string }
  /** Nothing for registration to do: no money on the claim itself, or no registration to end. */
  | { outcome: 'ignored' }
  | { outcome: 'conflict'; code: string; reason: string };

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
    try {
      await this.products.endRefundedRegistration(
        {
          productId,
          notes: `${PAID[data.outcome]} through claim ${data.claimId} on ${serialNumber}`,
        },
        {
          actor: { id: 'bought-back-claims', role: 'system', tenantId: manufacturerId },
          correlationId: String(recorded.metadata.correlationId ?? recorded.id),
          causationId: recorded.id,
          commandId: nameBasedId(REACTION_NAMESPACE, recorded.id),
        },
      );
      return { outcome: 'cancelled', productId };
    } catch (error) {
      if (error instanceof DomainError)
        return { outcome: 'conflict', code: error.code, reason: error.message };
      throw error;
    }
  }

  /** The claim's ClaimFiled: the first event of its stream. */
  private async filingOf(recorded: RecordedEvent): Promise<ClaimFiled | null> {
    const [first] = await this.store.readStream(recorded.streamId, { maxCount: 1 });
    if (!first) return null;
    const decoded = claimEvents.decode<ClaimEvent>(first);
    return decoded.type === 'ClaimFiled' ? decoded : null;
  }
}
