import { Inject, Injectable } from '@nestjs/common';
import { productIdFor } from '@warranty/coverage';
import {
  cancellationReason,
  type Money,
  type ProductRegistered,
  type RegistrationCancelled,
  readRegisteredUnit,
} from '@warranty/contracts/registration';
import { EVENT_STORE, type EventStore } from '@warranty/event-store';
import type { ReplacementOnFile } from '../domain/replacement';

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
  /** Why the registration was cancelled (`returned_for_refund`, `replaced`, ...); null if active. */
  cancelledFor: RegistrationCancelled['data']['reason'] | null;
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
    const registered = await readRegisteredUnit(this.store, productId);
    const sale = registered?.events.find(
      (e): e is ProductRegistered => e.type === 'ProductRegistered',
    );
    if (!registered || !sale) return null;
    const { facts } = registered;
    const cancelledFor = cancellationReason(registered);
    return {
      productId,
      retailerId: facts.retailerId,
      model: facts.model,
      purchaseDate: facts.purchaseDate,
      price: sale.data.price,
      active: cancelledFor === null,
      cancelledFor,
    };
  }

  /** A serial about to go out as a replacement, as registration has it on file. */
  async onFile(manufacturerId: string, serialNumber: string): Promise<ReplacementOnFile> {
    const unit = await this.find(manufacturerId, serialNumber);
    if (!unit) return { status: 'unregistered' };
    return unit.cancelledFor === null
      ? { status: 'registered' }
      : { status: 'cancelled', cancelledFor: unit.cancelledFor };
  }
}
