import { Inject, Injectable } from '@nestjs/common';
import {
  type CreditIssued,
  type RefundIssued,
  type RmaAuthorized,
  type RmaEvent,
  rmaEvents,
} from '@warranty/contracts/returns';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@warranty/event-store';
import { productIdFor } from '../domain/serial-number';
import { type BuyBackOutcome, endBoughtBackRegistration, firstEventOf } from './bought-back-unit';
import { ProductCommands } from './product-commands.service';

/** Namespace of the command ids derived from the RefundIssued or CreditIssued event reacted to. */
const REACTION_NAMESPACE = 'warranty/registration/refunded-unit';

export type RefundOutcome = BuyBackOutcome;

/**
 * Registration's reaction to returns' RefundIssued and CreditIssued: the unit was bought back and
 * went back to the manufacturer, so its registration ends (`returned_for_refund`) and it is neither
 * covered nor refunded or credited again. The event names the RMA and line only; the line's unit is
 * read from the RMA's RmaAuthorized, as returns published it. The command id derives from the
 * event id, so a redelivery writes nothing; a refusal (the unit is unknown, or its registration
 * already ended, for whatever reason) is a conflict to record, never a reason to stop.
 */
@Injectable()
export class RefundReturns {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly products: ProductCommands,
  ) {}

  async react(recorded: RecordedEvent): Promise<RefundOutcome> {
    const { type, data } = rmaEvents.decode<RefundIssued | CreditIssued>(recorded);
    const [payout, paid] =
      type === 'RefundIssued' ? ['refund', 'Refunded'] : ['credit', 'Credited'];
    const authorized = await this.authorizationOf(recorded);
    if (!authorized)
      return {
        outcome: 'conflict',
        code: 'rma-not-authorized',
        reason: `RMA ${data.rmaId} has no RmaAuthorized before its ${payout}`,
      };
    const line = authorized.data.lines.find((l) => l.lineId === data.lineId);
    if (!line)
      return {
        outcome: 'conflict',
        code: 'rma-line-not-found',
        reason: `RMA ${authorized.data.rmaNumber} has no line ${data.lineId}`,
      };
    const { manufacturerId, rmaNumber } = authorized.data;
    const productId = line.productId ?? productIdFor(manufacturerId, line.serialNumber);
    return endBoughtBackRegistration(this.products, recorded, {
      namespace: REACTION_NAMESPACE,
      actorId: 'refund-returns',
      manufacturerId,
      productId,
      notes: `${paid} through RMA ${rmaNumber} (${data.rmaId}), ${data.lineId}, ${payout} ${data.reference}`,
    });
  }

  /** The RMA's RmaAuthorized: the first event of its stream, written before any payout on it. */
  private async authorizationOf(recorded: RecordedEvent): Promise<RmaAuthorized | null> {
    const first = await firstEventOf(this.store, recorded);
    if (!first) return null;
    const decoded = rmaEvents.decode<RmaEvent>(first);
    return decoded.type === 'RmaAuthorized' ? decoded : null;
  }
}
