import { EventStoreUnavailableError, type RecordedEvent } from '@warranty/event-store';
import { isDatabaseUnavailable } from '@warranty/platform';

/** Attempts at one event before the workflow parks it and carries on, as a projection does. */
export const MAX_EVENT_ATTEMPTS = 5;

/** Serialization failure and deadlock: another try goes through. */
const RETRY_CODES = new Set(['40001', '40P01']);

/** A failure of the store or the database rather than of the event: waited out, never parked. */
export function isOutage(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return (
    error instanceof EventStoreUnavailableError ||
    isDatabaseUnavailable(error) ||
    (typeof code === 'string' && RETRY_CODES.has(code))
  );
}

/** Per event, the failed attempts so far; in memory, as ProjectionRunner's, so a restart counts afresh. */
export class EventAttempts {
  private readonly failures = new Map<string, number>();

  constructor(private readonly max = MAX_EVENT_ATTEMPTS) {}

  /** Counts a failure; true when it was the last attempt allowed and the event is to be parked. */
  failed(event: RecordedEvent): boolean {
    const attempts = (this.failures.get(event.id) ?? 0) + 1;
    if (attempts < this.max) {
      this.failures.set(event.id, attempts);
      return false;
    }
    this.failures.delete(event.id);
    return true;
  }

  succeeded(event: RecordedEvent): void {
    if (this.failures.size > 0) this.failures.delete(event.id);
  }
}
