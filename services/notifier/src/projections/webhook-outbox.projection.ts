import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@warranty/event-store';
import { categoryPrefix, nameBasedId, parseStreamName } from '@warranty/eventsourcing';
import { type ApiRole, maySee } from '@warranty/platform';
import type { Projection } from '@warranty/read-models';
import type { EntityManager } from 'typeorm';
import { evolveCaseParties } from '@warranty/contracts/parties';
import { accessParties, type CaseParties } from '../domain/case-parties';
import { webhookMessage } from '../domain/webhook-message';
import { subjectOf, WEBHOOK_CATEGORIES } from '../domain/webhook-topics';

export const WEBHOOK_OUTBOX = 'webhook-outbox';

interface Listener {
  subscriptionId: string;
  tenantId: string;
  role: ApiRole;
  eventTypes: string[] | null;
  afterPosition: string;
}

/** Within one batch: each stream's parties after its last event seen, so its next one reads nothing. */
type KnownParties = Map<string, { revision: number; parties: CaseParties | null }>;

interface Delivery {
  deliveryId: string;
  subscriptionId: string;
  event: RecordedEvent;
  payload: string;
}

/**
 * Queues a delivery for every active subscription whose tenant may see the event's case, in the
 * transaction that moves the checkpoint: each event is queued once per subscription, and a crash
 * either queues it and moves on, or does neither. Sending is the dispatcher's job.
 */
@Injectable()
export class WebhookOutboxProjection implements Projection {
  readonly name = WEBHOOK_OUTBOX;
  readonly filter = { streamPrefixes: WEBHOOK_CATEGORIES.map(categoryPrefix) };

  /** Told once a batch that queued something has committed, so the dispatcher need not wait to poll. */
  onQueued: () => void = () => undefined;
  private queued = false;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  handle(event: RecordedEvent, manager: EntityManager): Promise<void> {
    return this.handleBatch([event], manager);
  }

  async handleBatch(events: RecordedEvent[], manager: EntityManager): Promise<void> {
    const listeners = await this.listeners(manager, events);
    if (listeners.length === 0) return;
    const deliveries: Delivery[] = [];
    const known: KnownParties = new Map();
    for (const event of events)
      deliveries.push(...(await this.deliveriesOf(event, listeners, known)));
    if (deliveries.length === 0) return;
    await manager.query(
      `INSERT INTO webhook_deliveries
         (delivery_id, subscription_id, event_id, event_type, position, payload)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[])
       ON CONFLICT (subscription_id, event_id) DO NOTHING`,
      [
        deliveries.map((delivery) => delivery.deliveryId),
        deliveries.map((delivery) => delivery.subscriptionId),
        deliveries.map((delivery) => delivery.event.id),
        deliveries.map((delivery) => delivery.event.type),
        deliveries.map((delivery) => delivery.event.position.toString()),
        deliveries.map((delivery) => delivery.payload),
      ],
    );
    this.queued = true;
  }

  committed(): void {
    if (!this.queued) return;
    this.queued = false;
    this.onQueued();
  }

  /** Active subscriptions that may want any of these events: one query per batch, none when there are none. */
  private listeners(manager: EntityManager, events: RecordedEvent[]): Promise<Listener[]> {
    const types = [...new Set(events.map((event) => event.type))];
    const last = events.reduce((max, event) => (event.position > max ? event.position : max), 0n);
    return manager.query(
      `SELECT subscription_id AS "subscriptionId", tenant_id AS "tenantId", role,
              event_types AS "eventTypes", after_position::text AS "afterPosition"
         FROM webhook_subscriptions
        WHERE state = 'active' AND after_position < $1
          AND (event_types IS NULL OR event_types && $2::text[])`,
      [last.toString(), types],
    );
  }

  private async deliveriesOf(
    event: RecordedEvent,
    listeners: Listener[],
    known: KnownParties,
  ): Promise<Delivery[]> {
    const interested = listeners.filter(
      (listener) =>
        BigInt(listener.afterPosition) < event.position &&
        (listener.eventTypes === null || listener.eventTypes.includes(event.type)),
    );
    if (interested.length === 0) return [];
    const stream = parseStreamName(event.streamId);
    const subject = subjectOf(stream.category, stream.id, event.type, event.data);
    if (!subject) return [];
    const { before, after } = await this.partiesAround(event, known);
    const cases = [before, after].filter((parties): parties is CaseParties => parties !== null);
    const payload = JSON.stringify(webhookMessage(event, subject));
    return interested
      .filter((listener) =>
        cases.some((parties) =>
          maySee(
            { id: listener.subscriptionId, role: listener.role, tenantId: listener.tenantId },
            accessParties(parties),
          ),
        ),
      )
      .map((listener) => ({
        deliveryId: nameBasedId('webhook-delivery', listener.subscriptionId, event.id),
        subscriptionId: listener.subscriptionId,
        event,
        payload,
      }));
  }

  /**
   * Who the case belonged to just before and just after the event: both may hear of it, so the
   * service center an order moves away from learns that it moved.
   */
  private async partiesAround(
    event: RecordedEvent,
    known: KnownParties,
  ): Promise<{ before: CaseParties | null; after: CaseParties | null }> {
    const previous = known.get(event.streamId);
    let before: CaseParties | null = null;
    if (previous?.revision === event.revision - 1) before = previous.parties;
    else if (event.revision > 0)
      before = (
        await this.store.readStream(event.streamId, { maxCount: event.revision })
      ).reduce<CaseParties | null>(
        (parties, earlier) => evolveCaseParties(parties, earlier.type, earlier.data),
        null,
      );
    const after = evolveCaseParties(before, event.type, event.data);
    known.set(event.streamId, { revision: event.revision, parties: after });
    return { before, after };
  }
}
