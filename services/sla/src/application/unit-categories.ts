import { Inject, Injectable } from '@nestjs/common';
import { readRegisteredUnit } from '@warranty/contracts/registration';
import { EVENT_STORE, type EventStore } from '@warranty/event-store';
import { categoryOf, productIdsNamedIn } from '../domain/unit-category';

/**
 * The product category of an SLA's subject for the KPIs: the event's own (a claim carries it),
 * else the category its registered units were registered with, read from their streams.
 */
@Injectable()
export class UnitCategories {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async of(data: Record<string, unknown>): Promise<string | null> {
    if (typeof data.productCategory === 'string') return data.productCategory;
    const categories: string[] = [];
    for (const productId of productIdsNamedIn(data)) {
      const unit = await readRegisteredUnit(this.store, productId);
      if (unit) categories.push(unit.facts.category);
    }
    return categoryOf(categories);
  }
}
