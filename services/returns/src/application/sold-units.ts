import { Inject, Injectable } from '@nestjs/common';
import { productIdFor } from '@warranty/coverage';
import {
  type Money,
  type ProductEvent,
  type ProductRegistered,
  productStream,
  registrationEvents,
  unitCoverageFacts,
} from '@warranty/contracts/registration';
import { EVENT_STORE, type EventStore, StreamNotFoundError } from '@warranty/event-store';

/** What returns needs to know of a registered unit: who sold it, when, and for how much. */
export interface SoldUnit {
  productId: string;
  retailerId: string;
  model: string;
  /** YYYY-MM-DD */
  purchaseDate: string;
  price: Money;
  /** False once the registration was cancelled, e.g. after an earlier refund. */
  active: boolean;
}

/**
 * Folds a unit's registration stream with the fold registration publishes (and its public
 * ProductRegistered for the price): an RMA is decided on the facts as written, not a read model.
 */
@Injectable()
export class SoldUnits {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async find(manufacturerId: string, serialNumber: string): Promise<SoldUnit | null> {
    const productId = productIdFor(manufacturerId, serialNumber);
    let events: ProductEvent[];
    try {
      events = (await this.store.readStream(productStream(productId))).map((e) =>
        registrationEvents.decode<ProductEvent>(e),
      );
    } catch (error) {
      if (error instanceof StreamNotFoundError) return null;
      throw error;
    }
    const facts = unitCoverageFacts(events);
    const sale = events.find((e): e is ProductRegistered => e.type === 'ProductRegistered');
    if (!facts || !sale) return null;
    return {
      productId,
      retailerId: facts.retailerId,
      model: facts.model,
      purchaseDate: facts.purchaseDate,
      price: sale.data.price,
      active: facts.coverage.status !== 'cancelled',
    };
  }
}
