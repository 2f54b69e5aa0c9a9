import { ApiProperty } from '@nestjs/swagger';
import { INSTANT } from '@warranty/platform';
import type { WebhookDelivery } from '../application/webhook-deliveries';
import type { WebhookSubscription } from '../application/webhook-subscriptions';
import type { WebhookMessage } from '../domain/webhook-message';
import { WEBHOOK_EVENT_TYPES } from '../domain/webhook-topics';
import { DELIVERY_STATUSES } from './webhook-subscription.dto';

export class WebhookSubscriptionView {
  @ApiProperty() subscriptionId!: string;
  @ApiProperty() url!: string;
  @ApiProperty({
    enum: WEBHOOK_EVENT_TYPES,
    isArray: true,
    nullable: true,
    description: 'null: every event type',
  })
  eventTypes!: string[] | null;
  @ApiProperty() description!: string;
  @ApiProperty({ enum: ['active', 'disabled'] }) state!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why it is disabled: by the tenant, or the endpoint answered 410 Gone',
  })
  disabledReason!: string | null;
  @ApiProperty({
    type: String,
    pattern: '^\\d+$',
    description: 'Events after this global position are sent, none from before the subscription',
  })
  afterPosition!: string;
  @ApiProperty({
    ...INSTANT,
    nullable: true,
    description: 'After a secret rotation: until then the secret it replaced signs too',
  })
  previousSecretExpiresAt!: string | null;
  @ApiProperty({
    ...INSTANT,
    nullable: true,
    description:
      'After a second rotation within 24 hours: until then the secret before the previous one signs too (a third rotation in that time ends it)',
  })
  olderSecretExpiresAt!: string | null;
  @ApiProperty({
    type: 'integer',
    description:
      'Batches in a row in which the endpoint did not answer, or answered 5xx or 429; 0 when healthy',
  })
  consecutiveFailures!: number;
  @ApiProperty({
    ...INSTANT,
    nullable: true,
    description: 'While the endpoint is failing: when one delivery will probe it again',
  })
  retryAfter!: string | null;
  @ApiProperty(INSTANT) createdAt!: string;
  @ApiProperty({
    type: 'integer',
    description:
      'Sent as ETag too: 0 when created, one more at each activation, deactivation and secret rotation, and when a 410 Gone disables it (health is not a change). Send it as If-Match on those commands.',
  })
  revision!: number;
}

export class SubscriptionSecretView extends WebhookSubscriptionView {
  @ApiProperty({
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    description:
      'The signing secret (Standard Webhooks), shown this once; verify each request with it',
  })
  secret!: string;
}

export class WebhookSubscriptionPageView {
  @ApiProperty({ type: [WebhookSubscriptionView] }) items!: WebhookSubscriptionView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

class WebhookSubjectView {
  @ApiProperty({ enum: ['product', 'claim', 'rma', 'repair'] }) kind!: string;
  @ApiProperty() id!: string;
  @ApiProperty({ example: '/v1/claims/3f0c…', description: 'Read it back with your own key' })
  href!: string;
}

class WebhookMessageDataView {
  @ApiProperty() eventId!: string;
  @ApiProperty({ type: WebhookSubjectView }) subject!: WebhookSubjectView;
  @ApiProperty({ type: 'integer', description: "The subject stream's revision after the event" })
  revision!: number;
  @ApiProperty({
    pattern: '^\\d+$',
    description: 'Pass it as minPosition to read a model that has the event',
  })
  position!: string;
  @ApiProperty({ type: String, nullable: true }) correlationId!: string | null;
}

/** The JSON body POSTed to the endpoint. */
export class WebhookMessageView {
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES }) type!: string;
  @ApiProperty({ ...INSTANT, description: 'When the event happened' }) timestamp!: string;
  @ApiProperty({ type: WebhookMessageDataView }) data!: WebhookMessageDataView;
}

export class WebhookDeliveryView {
  @ApiProperty({ description: 'Sent as the webhook-id header; the same on every attempt' })
  deliveryId!: string;
  @ApiProperty() eventId!: string;
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES }) eventType!: string;
  @ApiProperty({ pattern: '^\\d+$' }) position!: string;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status!: string;
  @ApiProperty({
    type: 'integer',
    description:
      'Requests sent, a 410 Gone included; deliveries held back behind a failing endpoint are not sent, so not counted',
  })
  attempts!: number;
  @ApiProperty({
    ...INSTANT,
    nullable: true,
    description:
      "When the next attempt is due: while the endpoint is paused, the subscription's retryAfter; null once delivered or failed, or while the subscription is disabled (it waits for an activation)",
  })
  nextAttemptAt!: string | null;
  @ApiProperty({ ...INSTANT, nullable: true }) lastAttemptAt!: string | null;
  @ApiProperty({ type: 'integer', nullable: true, description: "The endpoint's last HTTP status" })
  lastStatus!: number | null;
  @ApiProperty({ type: String, nullable: true }) lastError!: string | null;
  @ApiProperty({ ...INSTANT, nullable: true }) deliveredAt!: string | null;
  @ApiProperty(INSTANT) createdAt!: string;
  @ApiProperty({ type: WebhookMessageView, description: 'The body, exactly as sent' })
  message!: WebhookMessageView;
}

export class WebhookDeliveryPageView {
  @ApiProperty({ type: [WebhookDeliveryView] }) items!: WebhookDeliveryView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

const instant = (value: Date | null): string | null => value?.toISOString() ?? null;

export const subscriptionView = (subscription: WebhookSubscription): WebhookSubscriptionView => ({
  subscriptionId: subscription.subscriptionId,
  url: subscription.url,
  eventTypes: subscription.eventTypes,
  description: subscription.description,
  state: subscription.state,
  disabledReason: subscription.disabledReason,
  afterPosition: subscription.afterPosition,
  previousSecretExpiresAt: instant(subscription.previousSecretExpiresAt),
  olderSecretExpiresAt: instant(subscription.olderSecretExpiresAt),
  consecutiveFailures: subscription.consecutiveFailures,
  retryAfter: instant(subscription.retryAfter),
  createdAt: subscription.createdAt.toISOString(),
  revision: subscription.revision,
});

export const deliveryView = (delivery: WebhookDelivery): WebhookDeliveryView => ({
  deliveryId: delivery.deliveryId,
  eventId: delivery.eventId,
  eventType: delivery.eventType,
  position: delivery.position,
  status: delivery.status,
  attempts: delivery.attempts,
  nextAttemptAt: instant(delivery.nextAttemptAt),
  lastAttemptAt: instant(delivery.lastAttemptAt),
  lastStatus: delivery.lastStatus,
  lastError: delivery.lastError,
  deliveredAt: instant(delivery.deliveredAt),
  createdAt: delivery.createdAt.toISOString(),
  message: JSON.parse(delivery.payload) as WebhookMessage,
});

export class PingView {
  @ApiProperty({ type: 'integer', nullable: true, description: "The endpoint's HTTP status" })
  status!: number | null;
  @ApiProperty({ description: 'A 2xx: the endpoint would take a delivery' }) ok!: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'Why no answer came' })
  error!: string | null;
  @ApiProperty({ type: 'integer' }) durationMs!: number;
}

export class RedeliveryView {
  @ApiProperty({ type: 'integer', description: 'Failed deliveries queued again' }) queued!: number;
}
