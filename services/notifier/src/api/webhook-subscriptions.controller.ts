import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Headers, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { EVENT_STORE, type EventStore } from '@warranty/event-store';
import { type Actor, nameBasedId } from '@warranty/eventsourcing';
import {
  aggregateRead,
  ApiProblem,
  type ApiRole,
  CommandOperation,
  CurrentActor,
  IdempotentRerun,
  InputValidationError,
  parseIfMatch,
  QueryOperation,
} from '@warranty/platform';
import { type WebhookDelivery, WebhookDeliveries } from '../application/webhook-deliveries';
import { pingEndpoint } from '../application/webhook-ping';
import { WEBHOOK_TRANSPORT, type WebhookTransport } from '../application/webhook-transport';
import {
  type SubscriptionChange,
  type WebhookSubscription,
  WebhookSubscriptions,
} from '../application/webhook-subscriptions';
import { endpointUrlProblem } from '../domain/endpoint-url';
import { WEBHOOK_SETTINGS, type WebhookSettings } from '../tokens';
import {
  CreateWebhookSubscriptionDto,
  DeliveryPageQueryDto,
  RedeliverFailedDto,
  WebhookPageQueryDto,
} from './webhook-subscription.dto';
import {
  deliveryView,
  PingView,
  RedeliveryView,
  SubscriptionSecretView,
  subscriptionView,
  WebhookDeliveryPageView,
  WebhookDeliveryView,
  WebhookSubscriptionPageView,
  WebhookSubscriptionView,
} from './webhook-views';

const SUBSCRIBERS: ApiRole[] = ['retailer', 'manufacturer', 'service_center'];
const DEFAULT_PAGE = 50;
const SECRET_SHOWN_ONCE =
  'The answer holds the signing secret, is sent with `Cache-Control: no-store` and is never stored for replay.';

const DELIVERY_CONTRACT =
  'Each event is POSTed as JSON (the `message` schema of a delivery: `type`, `timestamp`, `data` with the event id, its subject and `href`, revision and position) with the Standard Webhooks headers `webhook-id` (the same on every attempt: deduplicate on it), `webhook-timestamp` (Unix seconds) and `webhook-signature`: `v1,` and the base64 HMAC-SHA256 of `{webhook-id}.{webhook-timestamp}.{body}` keyed with the base64-decoded secret after `whsec_`, space-separated when more than one secret signs: after a rotation, each secret rotated out in the last 24 hours signs too, three signatures at most. Answer 2xx to accept; anything else is retried for about 32 hours; 410 disables the subscription. At least once, in no guaranteed order.';

/** What the subscription's ETag is and which commands take it as If-Match. */
const SUBSCRIPTION_ETAG =
  "ETag: the subscription's revision, 0 when created and one more at each activation, deactivation and secret rotation, and when a 410 Gone disables it; the endpoint's health (`consecutiveFailures`, `retryAfter`) moves on its own and is not a change. Send it as If-Match on a deactivation, an activation or a secret rotation: 412 when the subscription changed since. Pings and redeliveries change no subscription and take no If-Match.";

/** The commands that change a subscription: If-Match, and its revision as ETag. */
const CHANGE = { notFound: true, receipt: false, ifMatch: true, etag: true } as const;

const noSubscription = (subscriptionId: string) =>
  new ApiProblem(
    404,
    'webhook-subscription-not-found',
    'Not found',
    `No webhook subscription ${subscriptionId}.`,
  );

/**
 * A tenant's webhook endpoints: each gets, signed, every event of the cases the tenant may see
 * (its own claims, RMAs, repair orders and units), and the deliveries can be inspected and resent.
 */
@ApiTags('webhooks')
@Controller('v1/webhook-subscriptions')
export class WebhookSubscriptionsController {
  constructor(
    private readonly subscriptions: WebhookSubscriptions,
    private readonly deliveries: WebhookDeliveries,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(WEBHOOK_SETTINGS) private readonly settings: WebhookSettings,
    @Inject(WEBHOOK_TRANSPORT) private readonly transport: WebhookTransport,
  ) {}

  @Post()
  @CommandOperation({
    summary:
      'Subscribe an endpoint to the events of your cases; the answer holds its signing secret',
    description: `${SECRET_SHOWN_ONCE} So an Idempotency-Key does not replay it: the subscription id derives from the key, and a retry with the same key and body after it was created answers 409 \`webhook-subscription-exists\` with that id, and creates nothing; the same key with another body is a 422, as on every POST. Only events from after the subscription are sent.\n\n${DELIVERY_CONTRACT}`,
    type: SubscriptionSecretView,
    roles: SUBSCRIBERS,
    creates: true,
    receipt: false,
    etag: true,
    replayable: false,
  })
  async create(
    @Body() body: CreateWebhookSubscriptionDto,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const problem = endpointUrlProblem(body.url, this.settings.allowLocalEndpoints);
    if (problem) throw new InputValidationError([{ field: 'url', message: problem }]);
    const subscriptionId =
      idempotencyKey === undefined
        ? randomUUID()
        : nameBasedId('webhook-subscription', actor.tenantId, idempotencyKey);
    const created = await this.subscriptions.create({
      subscriptionId,
      tenantId: actor.tenantId,
      role: actor.role,
      url: body.url,
      eventTypes: body.eventTypes ?? null,
      description: body.description ?? '',
      afterPosition: (await this.store.newestPosition()) ?? 0n,
    });
    if (!created)
      throw new ApiProblem(
        409,
        'webhook-subscription-exists',
        'Conflict',
        `Subscription ${subscriptionId} was created for this Idempotency-Key already; its secret is not shown again.`,
        { subscriptionId },
      );
    void reply.header('Cache-Control', 'no-store');
    void reply.header('Location', `/v1/webhook-subscriptions/${subscriptionId}`);
    void reply.header('ETag', `"${created.subscription.revision}"`);
    return { ...subscriptionView(created.subscription), secret: created.secret };
  }

  @Get()
  @QueryOperation({
    summary: 'Your webhook subscriptions by id, a page at a time',
    type: WebhookSubscriptionPageView,
    roles: SUBSCRIBERS,
  })
  async list(@Query() query: WebhookPageQueryDto, @CurrentActor() actor: Actor) {
    const page = await this.subscriptions.list(
      actor.tenantId,
      query.cursor,
      query.limit ?? DEFAULT_PAGE,
    );
    return { items: page.items.map(subscriptionView), nextCursor: page.nextCursor };
  }

  @Get(':subscriptionId')
  @QueryOperation({
    summary: 'One of your webhook subscriptions (never its secret)',
    description: SUBSCRIPTION_ETAG,
    type: WebhookSubscriptionView,
    roles: SUBSCRIBERS,
    notFound: true,
    etag: true,
  })
  async one(
    @Param('subscriptionId') subscriptionId: string,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const subscription = await this.owned(actor, subscriptionId);
    return { ...subscriptionView(subscription), ...aggregateRead(reply, subscription.revision) };
  }

  @Post(':subscriptionId/deactivation')
  @CommandOperation({
    summary: 'Stop sending to the endpoint; deliveries already queued wait for an activation',
    type: WebhookSubscriptionView,
    roles: SUBSCRIBERS,
    ...CHANGE,
  })
  async deactivate(
    @Param('subscriptionId') subscriptionId: string,
    @CurrentActor() actor: Actor,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const ifRevision = parseIfMatch(ifMatch);
    const change = await this.subscriptions.disable(
      actor.tenantId,
      subscriptionId,
      'Deactivated by the tenant',
      ifRevision,
    );
    return subscriptionView(applied(change, subscriptionId, ifRevision, reply).subscription);
  }

  @Post(':subscriptionId/activation')
  @CommandOperation({
    summary:
      'Send to the endpoint again (after a deactivation, or after it answered 410 Gone); what waited is sent first',
    type: WebhookSubscriptionView,
    roles: SUBSCRIBERS,
    ...CHANGE,
  })
  async activate(
    @Param('subscriptionId') subscriptionId: string,
    @CurrentActor() actor: Actor,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const ifRevision = parseIfMatch(ifMatch);
    const change = await this.subscriptions.activate(actor.tenantId, subscriptionId, ifRevision);
    return subscriptionView(applied(change, subscriptionId, ifRevision, reply).subscription);
  }

  @Post(':subscriptionId/secret-rotation')
  @CommandOperation({
    summary: 'A new signing secret; for 24 hours requests carry a signature with the old one too',
    description: `${SECRET_SHOWN_ONCE} So an Idempotency-Key does not replay it: a retry with the same key after the rotation answers 409 \`secret-already-rotated\` and rotates nothing. Each secret rotated out keeps signing for 24 hours after its rotation, beside the new one: after a second rotation within the day three signatures go out, and a third rotation in that time ends the oldest one's grace (three signatures at most).`,
    type: SubscriptionSecretView,
    roles: SUBSCRIBERS,
    ...CHANGE,
    replayable: false,
  })
  async rotate(
    @Param('subscriptionId') subscriptionId: string,
    @CurrentActor() actor: Actor,
    @Headers('if-match') ifMatch: string | undefined,
    @IdempotentRerun() rerun: boolean,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    if (rerun) {
      await this.owned(actor, subscriptionId);
      throw new ApiProblem(
        409,
        'secret-already-rotated',
        'Conflict',
        'The secret was rotated for this Idempotency-Key already; the new secret is not shown again.',
        { subscriptionId },
      );
    }
    const ifRevision = parseIfMatch(ifMatch);
    const change = await this.subscriptions.rotateSecret(
      actor.tenantId,
      subscriptionId,
      ifRevision,
    );
    const rotated = applied(change, subscriptionId, ifRevision, reply);
    void reply.header('Cache-Control', 'no-store');
    return { ...subscriptionView(rotated.subscription), secret: rotated.secret };
  }

  @Post(':subscriptionId/ping')
  @CommandOperation({
    summary: 'Send a signed WebhookPing to the endpoint now and answer with what it answered',
    description:
      'Outside the queue: nothing is stored or retried, and it works on a disabled subscription too. The body is `{"type":"WebhookPing","timestamp":…,"data":{"message":…}}`, signed like every delivery.',
    type: PingView,
    roles: SUBSCRIBERS,
    notFound: true,
    receipt: false,
  })
  async ping(@Param('subscriptionId') subscriptionId: string, @CurrentActor() actor: Actor) {
    const endpoint = await this.subscriptions.endpoint(actor.tenantId, subscriptionId);
    if (!endpoint) throw noSubscription(subscriptionId);
    return pingEndpoint(this.transport, endpoint, new Date());
  }

  @Post(':subscriptionId/redelivery')
  @CommandOperation({
    summary:
      'Send every failed delivery again (or those created since an instant), after an outage outlasted the retries',
    type: RedeliveryView,
    roles: SUBSCRIBERS,
    notFound: true,
    receipt: false,
  })
  async redeliverFailed(
    @Param('subscriptionId') subscriptionId: string,
    @Body() body: RedeliverFailedDto,
    @CurrentActor() actor: Actor,
  ) {
    await this.owned(actor, subscriptionId);
    return { queued: await this.deliveries.redeliverFailed(subscriptionId, body.since) };
  }

  @Get(':subscriptionId/deliveries')
  @QueryOperation({
    summary: "A subscription's deliveries, newest event first, a page at a time",
    type: WebhookDeliveryPageView,
    roles: SUBSCRIBERS,
    notFound: true,
  })
  async deliveriesOf(
    @Param('subscriptionId') subscriptionId: string,
    @Query() query: DeliveryPageQueryDto,
    @CurrentActor() actor: Actor,
  ) {
    await this.owned(actor, subscriptionId);
    if (query.cursor !== undefined && !/^\d{1,20}$/.test(query.cursor))
      throw new InputValidationError([
        { field: 'cursor', message: 'cursor is not one this list returned' },
      ]);
    const page = await this.deliveries.list(
      subscriptionId,
      { status: query.status, before: query.cursor },
      query.limit ?? DEFAULT_PAGE,
    );
    return { items: page.items.map(deliveryView), nextCursor: page.nextCursor };
  }

  @Get(':subscriptionId/deliveries/:deliveryId')
  @QueryOperation({
    summary: 'One delivery: its body as sent, its attempts and the last answer',
    type: WebhookDeliveryView,
    roles: SUBSCRIBERS,
    notFound: true,
  })
  async delivery(
    @Param('subscriptionId') subscriptionId: string,
    @Param('deliveryId') deliveryId: string,
    @CurrentActor() actor: Actor,
  ) {
    return this.ownedDelivery(actor, subscriptionId, deliveryId, (id) =>
      this.deliveries.one(subscriptionId, id),
    );
  }

  @Post(':subscriptionId/deliveries/:deliveryId/redelivery')
  @CommandOperation({
    summary: 'Send a delivery again now, with a fresh set of attempts (a failed one, or any other)',
    type: WebhookDeliveryView,
    roles: SUBSCRIBERS,
    notFound: true,
    receipt: false,
  })
  async redeliver(
    @Param('subscriptionId') subscriptionId: string,
    @Param('deliveryId') deliveryId: string,
    @CurrentActor() actor: Actor,
  ) {
    return this.ownedDelivery(actor, subscriptionId, deliveryId, (id) =>
      this.deliveries.redeliver(subscriptionId, id),
    );
  }

  /** One of the caller's deliveries, read or changed by `use`; 404 for another's, or a malformed id. */
  private async ownedDelivery(
    actor: Actor,
    subscriptionId: string,
    deliveryId: string,
    use: (deliveryId: string) => Promise<WebhookDelivery | undefined>,
  ) {
    await this.owned(actor, subscriptionId);
    const delivery = isUuid(deliveryId) ? await use(deliveryId) : undefined;
    if (!delivery)
      throw new ApiProblem(
        404,
        'webhook-delivery-not-found',
        'Not found',
        `No delivery ${deliveryId}.`,
      );
    return deliveryView(delivery);
  }

  private async owned(actor: Actor, subscriptionId: string) {
    const subscription = await this.subscriptions.one(actor.tenantId, subscriptionId);
    if (!subscription) throw noSubscription(subscriptionId);
    return subscription;
  }
}

/** The changed subscription, its revision sent as ETag; 404 for none, 412 when If-Match is stale. */
function applied<Extra>(
  change: SubscriptionChange<Extra>,
  subscriptionId: string,
  ifRevision: number | undefined,
  reply: FastifyReply,
): { subscription: WebhookSubscription } & Extra {
  if (!change) throw noSubscription(subscriptionId);
  if (change.outcome === 'stale')
    throw new ApiProblem(
      412,
      'stale-revision',
      'Precondition failed',
      `Webhook subscription ${subscriptionId} is at revision ${change.revision}, not ${ifRevision}`,
      { currentRevision: change.revision },
    );
  void reply.header('ETag', `"${change.subscription.revision}"`);
  return change;
}

const isUuid = (value: string) =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
