import { eventSchemas } from '@warranty/eventsourcing';
import type { ProductEvent, WarrantyPlanEvent } from './events';

export type RegistrationEvent = ProductEvent | WarrantyPlanEvent;

/** Every event type registration publishes, with its version and the upcasters from older ones. */
export const registrationEvents = eventSchemas<RegistrationEvent>({
  ProductRegistered: {
    version: 2,
    // v1 registrations were all sales: none replaced another unit.
    upcasters: { 1: (data) => ({ ...data, replacesProductId: data.replacesProductId ?? null }) },
  },
  WarrantyExtended: {
    version: 2,
    // v1 extensions only moved the end date; they added no coverage kinds.
    upcasters: { 1: (data) => ({ ...data, coverage: data.coverage ?? [] }) },
  },
  OwnershipTransferred: { version: 1 },
  WarrantyVoided: { version: 1 },
  RegistrationCancelled: { version: 1 },
  WarrantyPlanDefined: {
    version: 2,
    // v1 plans predate advance exchanges: a claim on them gets a plain warranty return.
    upcasters: { 1: (data) => ({ ...data, advanceExchange: data.advanceExchange ?? false }) },
  },
});
