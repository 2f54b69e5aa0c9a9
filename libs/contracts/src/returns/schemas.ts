import { eventSchemas } from '@warranty/eventsourcing';
import type { RmaEvent } from './events';

/** Every event type the returns context publishes, with its version (all still at v1). */
export const rmaEvents = eventSchemas<RmaEvent>({
  RmaAuthorized: { version: 1 },
  ReturnShipped: { version: 1 },
  ReturnReceived: { version: 1 },
  ReturnInspected: { version: 1 },
  ExchangeShipped: { version: 1 },
  RefundIssued: { version: 1 },
  CreditIssued: { version: 1 },
  LineDispositionApplied: { version: 1 },
  LineSwitchedToExchange: { version: 1 },
  AdvanceExchangeDepositCharged: { version: 1 },
  RmaExpired: { version: 1 },
  RmaCancelled: { version: 1 },
  RmaClosed: { version: 1 },
});
