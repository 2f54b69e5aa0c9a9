import { StreamNotFoundError, type EventStore } from '@warranty/event-store';
import type { ProductEvent, RegistrationCancelled } from './events';
import { registrationEvents } from './schemas';
import { productStream } from './streams';
import { type RegisteredUnitFacts, unitCoverageFacts } from './unit-coverage-facts';

export interface UnitOnRecord {
  facts: RegisteredUnitFacts;
  /** The unit's decoded events, for what the facts leave out (the sale price, ...). */
  events: ProductEvent[];
}

/**
 * A unit's facts as written, folded from its registration stream: what a command side decides on
 * (never a lagging read model). Null when the unit was never registered.
 */
export async function readRegisteredUnit(
  store: Pick<EventStore, 'readStream'>,
  productId: string,
): Promise<UnitOnRecord | null> {
  let events: ProductEvent[];
  try {
    events = (await store.readStream(productStream(productId))).map((e) =>
      registrationEvents.decode<ProductEvent>(e),
    );
  } catch (error) {
    if (error instanceof StreamNotFoundError) return null;
    throw error;
  }
  const facts = unitCoverageFacts(events);
  return facts ? { facts, events } : null;
}

/** Why the unit's registration was cancelled (its latest cancellation's reason); null while it stands. */
export function cancellationReason(
  unit: UnitOnRecord,
): RegistrationCancelled['data']['reason'] | null {
  if (unit.facts.coverage.status !== 'cancelled') return null;
  const cancellation = [...unit.events]
    .reverse()
    .find((e): e is RegistrationCancelled => e.type === 'RegistrationCancelled');
  return cancellation?.data.reason ?? 'replaced';
}
