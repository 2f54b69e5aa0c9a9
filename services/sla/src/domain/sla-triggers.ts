import type { SlaTrigger } from '@warranty/contracts/sla';

/** An event as SLA triggers see it: its type, its data, and its business time. */
export interface ObservedEvent {
  id: string;
  type: string;
  data: Record<string, unknown>;
  /** When it happened (the event's occurredAt, else when it was recorded), ISO 8601. */
  at: string;
}

export function triggers(list: readonly SlaTrigger[], event: ObservedEvent): boolean {
  return list.some(
    (trigger) =>
      trigger.eventType === event.type &&
      (trigger.where === undefined || event.data[trigger.where.field] === trigger.where.equals),
  );
}
