import { LRUCache } from 'lru-cache';
import { Inject, Injectable } from '@nestjs/common';
import {
  registrationEvents,
  type WarrantyPlanEvent,
  warrantyPlanStream,
} from '@warranty/contracts/registration';
import { EVENT_STORE, type EventStore, StreamNotFoundError } from '@warranty/event-store';
import type { PlanFacts } from '../domain/reactions';

/** Enough for a large catalogue; beyond it the oldest plan is read again when asked. */
const KEPT_PLANS = 10_000;

/**
 * Claims' warranty plans, read through registration's published decoder (v1 plans upcast to no
 * advance exchange). A plan is defined once and never changes, so what is read once is kept.
 */
@Injectable()
export class WarrantyPlans {
  private readonly known = new LRUCache<string, PlanFacts>({ max: KEPT_PLANS });

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async factsOf(manufacturerId: string, code: string): Promise<PlanFacts | null> {
    const stream = warrantyPlanStream(manufacturerId, code);
    const kept = this.known.get(stream);
    if (kept) return kept;
    let events: WarrantyPlanEvent[];
    try {
      events = (await this.store.readStream(stream, { maxCount: 1 })).map((e) =>
        registrationEvents.decode<WarrantyPlanEvent>(e),
      );
    } catch (error) {
      if (error instanceof StreamNotFoundError) return null;
      throw error;
    }
    const defined = events.find((e) => e.type === 'WarrantyPlanDefined');
    if (!defined) return null;
    const facts = { advanceExchange: defined.data.advanceExchange };
    this.known.set(stream, facts);
    return facts;
  }
}
