import type { EventStore, RecordedEvent } from '@warranty/event-store';
import { DomainError, nameBasedId } from '@warranty/eventsourcing';
import type { ProductCommands } from './product-commands.service';

export type BuyBackOutcome =
  | { outcome: 'cancelled'; productId: string }
  | { outcome: 'conflict'; code: string; reason: string };

/** Who reacts, and what it names: the reaction's id namespace, actor and the unit it ends. */
export interface BuyBackReaction {
  namespace: string;
  actorId: string;
  manufacturerId: string;
  productId: string;
  notes: string;
}

/**
 * Ends the registration of a unit an event says was bought back. The command id derives from the
 * event id, so a redelivery writes nothing; a refusal is a conflict to record, never a reason to stop.
 */
export async function endBoughtBackRegistration(
  products: ProductCommands,
  recorded: RecordedEvent,
  reaction: BuyBackReaction,
): Promise<BuyBackOutcome> {
  const { productId, notes } = reaction;
  try {
    await products.endRefundedRegistration(
      { productId, notes },
      {
        actor: { id: reaction.actorId, role: 'system', tenantId: reaction.manufacturerId },
        correlationId: String(recorded.metadata.correlationId ?? recorded.id),
        causationId: recorded.id,
        commandId: nameBasedId(reaction.namespace, recorded.id),
      },
    );
    return { outcome: 'cancelled', productId };
  } catch (error) {
    if (error instanceof DomainError)
      return { outcome: 'conflict', code: error.code, reason: error.message };
    throw error;
  }
}

/** The first event of the stream an event belongs to: where its aggregate said what it is about. */
export async function firstEventOf(
  store: EventStore,
  recorded: RecordedEvent,
): Promise<RecordedEvent | undefined> {
  const [first] = await store.readStream(recorded.streamId, { maxCount: 1 });
  return first;
}
