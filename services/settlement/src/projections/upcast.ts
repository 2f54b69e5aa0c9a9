import { claimEvents } from '@warranty/contracts/claims';
import { repairEvents } from '@warranty/contracts/repairs';
import { rmaEvents } from '@warranty/contracts/returns';
import { settlementEvents } from '@warranty/contracts/settlement';
import type { RecordedEvent } from '@warranty/event-store';

/** Any event settlement reads, lifted to its current schema: from the feed and from a case stream read back. */
export const upcastForSettlement = (event: RecordedEvent): RecordedEvent =>
  settlementEvents.upcast(repairEvents.upcast(rmaEvents.upcast(claimEvents.upcast(event))));
