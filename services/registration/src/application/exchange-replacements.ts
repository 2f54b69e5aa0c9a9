import { Injectable } from '@nestjs/common';
import { type ExchangeShipped, rmaEvents } from '@warranty/contracts/returns';
import type { RecordedEvent } from '@warranty/event-store';
import { DomainError, nameBasedId } from '@warranty/eventsourcing';
import { productIdFor } from '../domain/serial-number';
import { ProductCommands } from './product-commands.service';

/** Namespace of the command ids derived from the ExchangeShipped event a registration reacts to. */
const REACTION_NAMESPACE = 'warranty/registration/exchange-replacement';

export type ReplacementOutcome =
  | { outcome: 'registered'; productId: string; replacesProductId: string }
  | { outcome: 'conflict'; code: string; reason: string };

/**
 * Registration's reaction to returns' ExchangeShipped: the replacement becomes a unit with the
 * original's remaining coverage, and the original's registration ends. The command ids derive from
 * the event id, so a redelivery completes or answers with the first run; a refusal (the serial is
 * taken, the original has no coverage or was already replaced) is a conflict to record, never a
 * reason to stop.
 */
@Injectable()
export class ExchangeReplacements {
  constructor(private readonly products: ProductCommands) {}

  async react(recorded: RecordedEvent): Promise<ReplacementOutcome> {
    const { data } = rmaEvents.decode<ExchangeShipped>(recorded);
    const replacesProductId =
      data.originalProductId ?? productIdFor(data.manufacturerId, data.originalSerialNumber);
    try {
      const result = await this.products.registerReplacement(
        {
          manufacturerId: data.manufacturerId,
          serialNumber: data.replacementSerialNumber,
          replacesProductId,
        },
        {
          actor: { id: 'exchange-replacements', role: 'system', tenantId: data.manufacturerId },
          correlationId: String(recorded.metadata.correlationId ?? recorded.id),
          causationId: recorded.id,
          commandId: nameBasedId(REACTION_NAMESPACE, recorded.id),
        },
      );
      return {
        outcome: 'registered',
        productId: productIdOf(result.streamId),
        replacesProductId,
      };
    } catch (error) {
      if (error instanceof DomainError)
        return { outcome: 'conflict', code: error.code, reason: error.message };
      throw error;
    }
  }
}

const productIdOf = (streamId: string) => streamId.slice(streamId.indexOf('-') + 1);
