import { Inject, Injectable } from '@nestjs/common';
import {
  type CoverageAssessment,
  type CoverageKind,
  assessCoverage,
  notRegistered,
  productIdFor,
} from '@warranty/coverage';
import { EVENT_STORE, type EventStore } from '@warranty/event-store';
import type { Parties } from '@warranty/platform';
import {
  cancellationReason,
  type ProductRegistered,
  readRegisteredUnit,
} from '@warranty/contracts/registration';
import type { RegisteredUnit } from '../domain/claim.commands';

export interface UnitLookup {
  unit: RegisteredUnit | null;
  coverage: CoverageAssessment;
  /** Who the unit belongs to, for the access rule; no retailer when it is not registered. */
  parties: Parties;
}

/**
 * Folds a unit's registration stream with the fold registration publishes (and its public
 * ProductRegistered for the price), to assess coverage at filing; the command side needs the facts
 * as written, not a lagging read model.
 */
@Injectable()
export class UnitRegistry {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async lookup(
    manufacturerId: string,
    serialNumber: string,
    on: string,
    kind: CoverageKind,
  ): Promise<UnitLookup> {
    const productId = productIdFor(manufacturerId, serialNumber);
    const unregistered: UnitLookup = {
      unit: null,
      coverage: notRegistered(),
      parties: { manufacturerId, retailerId: null },
    };
    const registered = await readRegisteredUnit(this.store, productId);
    const sale = registered?.events.find(
      (e): e is ProductRegistered => e.type === 'ProductRegistered',
    );
    if (!registered || !sale) return unregistered;
    const { facts } = registered;
    return {
      parties: { manufacturerId, retailerId: facts.retailerId },
      unit: {
        productId,
        model: facts.model,
        category: facts.category,
        purchaseDate: facts.purchaseDate,
        price: sale.data.price,
      },
      coverage: assessCoverage(facts.coverage, on, kind),
    };
  }

  /** Why the unit's registration was cancelled, as written; null while it stands or if it has none. */
  async cancellation(manufacturerId: string, serialNumber: string): Promise<string | null> {
    const registered = await readRegisteredUnit(
      this.store,
      productIdFor(manufacturerId, serialNumber),
    );
    return registered ? cancellationReason(registered) : null;
  }
}
