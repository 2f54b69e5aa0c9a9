import { randomUUID } from 'node:crypto';
import { PostgresEventFeed, PostgresEventStore } from '@warranty/event-store';
import { initializeReadModels, ProjectionRunner } from '@warranty/read-models';
import { WebhookReceiver } from '@warranty/testing';
import { benchDatabase, formatRate, progress } from '@warranty/testing/bench';
import type { DataSource } from 'typeorm';
import { HttpWebhookTransport } from '../src/adapters/http-webhook-transport';
import { WebhookDeliveries } from '../src/application/webhook-deliveries';
import {
  DEFAULT_DISPATCHER_OPTIONS,
  WebhookDispatcher,
} from '../src/application/webhook-dispatcher';
import { WebhookSubscriptions } from '../src/application/webhook-subscriptions';
import {
  WEBHOOK_OUTBOX,
  WebhookOutboxProjection,
} from '../src/projections/webhook-outbox.projection';
import { notifierDataSourceOptions } from '../src/schema';

const CLAIMS = Number(process.env.BENCH_CLAIMS ?? 3_000);
const RETAILERS = 10;
const PROBES = Number(process.env.BENCH_PROBES ?? 2_000);
const PROBE_RATE = Number(process.env.BENCH_PROBE_RATE ?? 200);
const CONCURRENCY = DEFAULT_DISPATCHER_OPTIONS.concurrency;

/** When each event id first reached the receiver, read off its requests as they come. */
function arrivals(receiver: WebhookReceiver): () => Map<string, number> {
  const arrived = new Map<string, number>();
  let read = 0;
  return () => {
    for (; read < receiver.received.length; read++) {
      const { body, receivedAt } = receiver.received[read];
      const eventId = (JSON.parse(body) as { data?: { eventId?: string } }).data?.eventId;
      if (eventId && !arrived.has(eventId)) arrived.set(eventId, receivedAt);
    }
    return arrived;
  };
}

const claimEvents = (retailer: number) => [
  {
    type: 'ClaimFiled',
    data: { manufacturerId: 'acme-appliances', retailerId: `retailer-${retailer}` },
  },
  { type: 'ClaimReviewStarted', data: {} },
  { type: 'ClaimApproved', data: {} },
];

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** The floor: the same receiver, the same number of requests in flight, bare POSTs and nothing else. */
async function barePostRate(transport: HttpWebhookTransport, url: string, total: number) {
  let sent = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (sent < total) {
        sent++;
        await transport.post(url, JSON.stringify({ data: { eventId: randomUUID() } }), {
          'content-type': 'application/json',
        });
      }
    }),
  );
  return (total / (Date.now() - started)) * 1000;
}

async function main(): Promise<void> {
  const db = await benchDatabase('bench_webhooks');
  const store = await PostgresEventStore.connect({ connectionString: db.url, poolSize: 8 });
  const dataSource: DataSource = await initializeReadModels(notifierDataSourceOptions(db.url));
  const receiver = await new WebhookReceiver().start();
  const endpoint = { url: receiver.url('/hook'), arrived: arrivals(receiver) };
  const transport = new HttpWebhookTransport({ timeoutMs: 10_000, allowLocalEndpoints: true });
  const subscriptions = new WebhookSubscriptions(dataSource);
  for (let r = 0; r < RETAILERS; r++)
    await subscriptions.create({
      subscriptionId: randomUUID(),
      tenantId: `retailer-${r}`,
      role: 'retailer',
      url: endpoint.url,
      eventTypes: null,
      description: '',
      afterPosition: 0n,
    });
  console.log(
    `Webhooks on ${db.description}: ${CLAIMS} claims x 3 events for ${RETAILERS} retailers, each with a subscription; then ${PROBES} probes at ${PROBE_RATE}/s`,
  );

  progress(`appending the backlog of ${CLAIMS * 3} events`);
  for (let c = 0; c < CLAIMS; c += 50)
    await Promise.all(
      Array.from({ length: Math.min(50, CLAIMS - c) }, (_, i) =>
        store.append(`claim-${randomUUID()}`, claimEvents((c + i) % RETAILERS), 'no_stream'),
      ),
    );

  const feed = new PostgresEventFeed(store, { connectionString: db.url, batchSize: 1000 });
  const outbox = new WebhookOutboxProjection(store);
  const runner = new ProjectionRunner(dataSource, feed, [outbox], {
    logger: { log: () => undefined, error: (message) => progress(message) },
  });
  const dispatcher = new WebhookDispatcher(
    new WebhookDeliveries(dataSource),
    subscriptions,
    transport,
    {
      ...DEFAULT_DISPATCHER_OPTIONS,
      pollIntervalMs: 100,
      batchSize: Number(process.env.BENCH_BATCH ?? 64),
      concurrency: Number(process.env.BENCH_CONC ?? 8),
    },
  );
  outbox.onQueued = () => dispatcher.nudge();

  const backlog = CLAIMS * 3;
  const started = Date.now();
  await runner.start();
  const head = (await store.headPosition())!;
  while (!(await runner.isCaughtUp(WEBHOOK_OUTBOX, head))) {
    progress(`outbox: queuing the backlog of ${backlog}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const queuedIn = Date.now() - started;
  // As autovacuum leaves a table soon after a burst: the queue is then read in index order.
  await dataSource.query('ANALYZE webhook_deliveries');
  const sendingStarted = Date.now();
  dispatcher.start();
  while (endpoint.arrived().size < backlog) {
    progress(`dispatcher: ${endpoint.arrived().size}/${backlog} delivered`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const deliveredIn = Date.now() - sendingStarted;

  const probeIds: string[] = [];
  const appendedAt = new Map<string, number>();
  const probesStarted = Date.now();
  for (let i = 0; i < PROBES; i++) {
    const id = randomUUID();
    probeIds.push(id);
    appendedAt.set(id, Date.now());
    await store.append(
      `claim-${randomUUID()}`,
      [{ id, ...claimEvents(i % RETAILERS)[0] }],
      'no_stream',
    );
    const due = probesStarted + ((i + 1) * 1000) / PROBE_RATE;
    if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
    if (i % 500 === 0) progress(`probes: ${i}/${PROBES} appended at ${PROBE_RATE}/s`);
  }
  const missing = () => probeIds.filter((id) => !endpoint.arrived().has(id)).length;
  while (missing() > 0) {
    progress(`probes: waiting for ${missing()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const arrived = endpoint.arrived();
  const lags = probeIds.map((id) => arrived.get(id)! - appendedAt.get(id)!).sort((a, b) => a - b);
  await dispatcher.stop();
  await runner.stop();

  progress('floor: bare POSTs to the same receiver');
  const floor = await barePostRate(transport, endpoint.url, backlog);
  progress('');
  const deliveryRate = (backlog / deliveredIn) * 1000;
  const queueRate = (backlog / queuedIn) * 1000;
  console.log(`outbox: ${formatRate(queueRate)} events/s queued (backlog of ${backlog})`);
  console.log(
    `delivered: ${formatRate(deliveryRate)} webhooks/s from the queued backlog to the receiver, signed, ${CONCURRENCY} in flight`,
  );
  console.log(
    `floor: ${formatRate(floor)} bare POSTs/s to the same receiver, ${CONCURRENCY} in flight`,
  );
  console.log(`ratio delivered / floor: ${(deliveryRate / floor).toFixed(2)}x`);
  console.log(
    `append -> received at ${PROBE_RATE}/s: p50 ${percentile(lags, 50)} ms, p99 ${percentile(lags, 99)} ms, max ${lags[lags.length - 1]} ms`,
  );

  await transport.close();
  await receiver.close();
  await feed.close();
  await dataSource.destroy();
  await store.close();
  await db.dispose();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
