import { eventSchemas } from '@warranty/eventsourcing';
import type { SettlementEvent } from './events';

/** Every event type the settlement context publishes, with its version (all still at v1). */
export const settlementEvents = eventSchemas<SettlementEvent>({
  SettlementRecorded: { version: 1 },
  SettlementReversed: { version: 1 },
});
