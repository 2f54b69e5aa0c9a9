import { Inject, Injectable } from '@nestjs/common';
import {
  type CoverageAssessment,
  type CoverageKind,
  assessCoverage,
  notRegistered,
  productIdFor,
} from '@warranty/coverage';
import { EVENT_STORE, type EventStore, StreamNotFoundError } from '@warranty/event-store';
import { fold } from '@warranty/eventsourcing';
import type { Parties } from '@warranty/platform';
import type { ProductEvent } from '../../../registration/src/domain/events';
import { productDecider, toCoverageFacts } from '../../../registration/src/domain/product.decider';
import { productStream } from '../../../registration/src/domain/serial-number';
import type { RegisteredUnit } from '../domain/claim.commands';

export interface UnitLookup {
  unit: RegisteredUnit | null;
  coverage: CoverageAssessment;
  /** Who the unit belongs to, for the access rule; no retailer when it is not registered. */
  parties: Parties;
}

/**
 * Reads a unit's registration stream (the registration context's published events) to assess
 * coverage at filing; the command side needs the facts as written, not a lagging read model.
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
    let events: ProductEvent[];
    try {
      events = (await this.store.readStream(productStream(productId))).map(
        (e) => ({ type: e.type, data: e.data }) as ProductEvent,
      );
    } catch (error) {
      if (error instanceof StreamNotFoundError) return unregistered;
      throw error;
    }
    const state = fold(productDecider, events);
    const facts = toCoverageFacts(state);
    if (state.status === 'unregistered' || !facts) return unregistered;
    return {
      parties: { manufacturerId, retailerId: state.retailerId },
      unit: {
        productId,
        model: state.model,
        category: state.category,
        purchaseDate: state.purchaseDate,
      },
      coverage: assessCoverage(facts, on, kind),
    };
  }
}
