import { claimEvents } from '@warranty/contracts/claims';
import { registrationEvents } from '@warranty/contracts/registration';
import { repairEvents } from '@warranty/contracts/repairs';
import { rmaEvents } from '@warranty/contracts/returns';
import type { RecordedEvent } from '@warranty/event-store';

/** Lifts a stored event of any context the read models follow to its current version. */
export const upcastAll = (event: RecordedEvent): RecordedEvent =>
  repairEvents.upcast(rmaEvents.upcast(claimEvents.upcast(registrationEvents.upcast(event))));
