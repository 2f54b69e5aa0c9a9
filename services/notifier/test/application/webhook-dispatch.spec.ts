import { randomUUID } from 'node:crypto';
import { initializeReadModels } from '@warranty/read-models';
import {
  createTestDatabase,
  eventually,
  type TestDatabase,
  WebhookReceiver,
} from '@warranty/testing';
import type { DataSource } from 'typeorm';
import { HttpWebhookTransport } from '../../src/adapters/http-webhook-transport';
import { WebhookDeliveries } from '../../src/application/webhook-deliveries';
import {
  DEFAULT_DISPATCHER_OPTIONS,
  WebhookDispatcher,
} from '../../src/application/webhook-dispatcher';
import { WebhookSubscriptions } from '../../src/application/webhook-subscriptions';
import { notifierDataSourceOptions } from '../../src/schema';

describe('the webhook dispatcher on a real queue and a real endpoint', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let receiver: WebhookReceiver;
  let deliveries: WebhookDeliveries;
  let subscriptions: WebhookSubscriptions;
  const transport = new HttpWebhookTransport({ timeoutMs: 2_000, allowLocalEndpoints: true });

  const dispatcher = (options: Partial<typeof DEFAULT_DISPATCHER_OPTIONS> = {}) =>
    new WebhookDispatcher(deliveries, subscriptions, transport, {
      ...DEFAULT_DISPATCHER_OPTIONS,
      pollIntervalMs: false,
      ...options,
    });

  beforeAll(async () => {
    database = await createTestDatabase('webhooks');
    dataSource = await initializeReadModels(notifierDataSourceOptions(database.url));
    receiver = await new WebhookReceiver().start();
    deliveries = new WebhookDeliveries(dataSource);
    subscriptions = new WebhookSubscriptions(dataSource);
  });

  afterAll(async () => {
    await transport.close();
    await receiver.close();
    await dataSource.destroy();
    await database.drop();
  });

  /** A subscription to `path` and `count` queued deliveries for it. */
  async function queue(path: string, count: number): Promise<string> {
    const subscriptionId = randomUUID();
    await subscriptions.create({
      subscriptionId,
      tenantId: 'acme-retail',
      role: 'retailer',
      url: path.startsWith('http') ? path : receiver.url(path),
      eventTypes: null,
      description: '',
      afterPosition: 0n,
    });
    await dataSource.query(
      `INSERT INTO webhook_deliveries (delivery_id, subscription_id, event_id, event_type, position, payload)
       SELECT gen_random_uuid(), $1, 'e-' || n, 'ClaimFiled', n, '{"n":' || n || '}'
         FROM generate_series(1, $2) AS n`,
      [subscriptionId, count],
    );
    return subscriptionId;
  }

  const statuses = async (subscriptionId: string) =>
    (await dataSource.query(
      `SELECT status, attempts, last_status AS "lastStatus", last_error AS "lastError",
              next_attempt_at > now() AS later
         FROM webhook_deliveries WHERE subscription_id = $1 ORDER BY position`,
      [subscriptionId],
    )) as Array<{
      status: string;
      attempts: number;
      lastStatus: number | null;
      lastError: string | null;
      later: boolean;
    }>;

  it('two senders on one queue send each of 300 deliveries exactly once', async () => {
    const id = await queue('/shared', 300);
    const [a, b] = [dispatcher({ concurrency: 8 }), dispatcher({ concurrency: 8 })];
    const [sentByA, sentByB] = await Promise.all([a.tick(), b.tick()]);
    expect(sentByA + sentByB).toBe(300);
    expect(sentByA).toBeGreaterThan(0);
    expect(sentByB).toBeGreaterThan(0);
    const ids = receiver.at('/shared').map((request) => request.headers['webhook-id']);
    expect(ids).toHaveLength(300);
    expect(new Set(ids).size).toBe(300);
    expect(new Set((await statuses(id)).map((row) => `${row.status}/${row.attempts}`))).toEqual(
      new Set(['delivered/1']),
    );
  });

  it('a sender that dies mid-send leaves its deliveries to another once the lease ends', async () => {
    const id = await queue('/orphaned', 5);
    const taken = await deliveries.takeDue(10, 300);
    expect(taken).toHaveLength(5);
    // The sender that took them is gone: no outcome is ever recorded.
    const survivor = dispatcher();
    expect(await survivor.tick()).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await survivor.tick()).toBe(5);
    expect(
      receiver
        .at('/orphaned')
        .map((request) => request.headers['webhook-id'])
        .sort(),
    ).toEqual(taken.map((delivery) => delivery.deliveryId).sort());
    expect((await statuses(id)).map((row) => row.attempts)).toEqual([2, 2, 2, 2, 2]);
  });

  it('records a refused connection and a timeout as failed attempts with their reason', async () => {
    const closed = new WebhookReceiver();
    await closed.start();
    const refusedUrl = closed.url('/refused');
    await closed.close();
    const refused = await queue(refusedUrl, 1);
    receiver.hang('/hanging');
    const hanging = await queue('/hanging', 1);
    const slowTransport = new HttpWebhookTransport({ timeoutMs: 200, allowLocalEndpoints: true });
    try {
      await new WebhookDispatcher(deliveries, subscriptions, slowTransport, {
        ...DEFAULT_DISPATCHER_OPTIONS,
        pollIntervalMs: false,
      }).tick();
    } finally {
      await slowTransport.close();
    }
    const [refusedRow] = await statuses(refused);
    expect(refusedRow).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastStatus: null,
      later: true,
    });
    expect(refusedRow.lastError).toMatch(/ECONNREFUSED/);
    expect(await statuses(hanging)).toEqual([
      {
        status: 'pending',
        attempts: 1,
        lastStatus: null,
        lastError: 'No answer before the timeout',
        later: true,
      },
    ]);
  });

  it('stops sending to a failing endpoint after one batch, and probes it once before resuming', async () => {
    const failing = await queue('/breaker/failing', 40);
    const healthy = await queue('/breaker/healthy', 40);
    receiver.answer('/breaker/failing', ...Array<number>(40).fill(503));
    const sender = dispatcher({ batchSize: 80, concurrency: 8 });
    await sender.tick();
    const sentToFailing = receiver.at('/breaker/failing').length;
    // Only what was already in flight when the first 503 came back went out; the rest waits.
    expect(sentToFailing).toBeGreaterThan(0);
    expect(sentToFailing).toBeLessThanOrEqual(8);
    expect((await statuses(healthy)).every((row) => row.status === 'delivered')).toBe(true);
    const held = await statuses(failing);
    expect(held.filter((row) => row.attempts === 0)).toHaveLength(40 - sentToFailing);
    expect(held.filter((row) => row.attempts === 0).every((row) => row.lastStatus === null)).toBe(
      true,
    );
    const [health] = await dataSource.query(
      `SELECT consecutive_failures AS failures, retry_after > now() AS waiting
         FROM webhook_subscriptions WHERE subscription_id = $1`,
      [failing],
    );
    expect(health).toEqual({ failures: 1, waiting: true });

    // While it waits nothing goes out, though its deliveries are due.
    await sender.tick();
    expect(receiver.at('/breaker/failing')).toHaveLength(sentToFailing);

    // Its time comes: a probe, then everything once the probe is answered.
    receiver.answerOnly('/breaker/failing');
    await dataSource.query(
      `UPDATE webhook_subscriptions SET retry_after = now() WHERE subscription_id = $1`,
      [failing],
    );
    await dataSource.query(
      `UPDATE webhook_deliveries SET next_attempt_at = now() WHERE subscription_id = $1`,
      [failing],
    );
    await sender.tick();
    await sender.tick();
    expect((await statuses(failing)).every((row) => row.status === 'delivered')).toBe(true);
    expect(
      (
        await dataSource.query(
          `SELECT consecutive_failures AS failures, retry_after FROM webhook_subscriptions
            WHERE subscription_id = $1`,
          [failing],
        )
      )[0],
    ).toEqual({ failures: 0, retry_after: null });
  });

  it('keeps sending to other endpoints while one hangs', async () => {
    receiver.hang('/hung');
    const hung = await queue('/hung', 1);
    const other = await queue('/beside-hung', 12);
    const patient = new HttpWebhookTransport({ timeoutMs: 5_000, allowLocalEndpoints: true });
    try {
      const sending = new WebhookDispatcher(deliveries, subscriptions, patient, {
        ...DEFAULT_DISPATCHER_OPTIONS,
        pollIntervalMs: false,
        batchSize: 4,
        concurrency: 2,
      }).tick();
      // One worker waits on the hung endpoint; the other takes batch after batch meanwhile.
      await eventually(
        () => statuses(other),
        (rows) => rows.every((row) => row.status === 'delivered'),
        { timeoutMs: 4_000, intervalMs: 50 },
      );
      expect((await statuses(hung))[0]).toMatchObject({ status: 'pending', attempts: 1 });
      await sending;
      expect((await statuses(hung))[0]).toMatchObject({
        lastError: 'No answer before the timeout',
        later: true,
      });
    } finally {
      await patient.close();
    }
  });

  it('never sends to a loopback or private address unless the deployment allows it', async () => {
    const guarded = new HttpWebhookTransport({ timeoutMs: 2_000, allowLocalEndpoints: false });
    try {
      const port = new URL(receiver.url('/')).port;
      await expect(guarded.post(`http://localhost:${port}/guarded`, '{}', {})).rejects.toThrow(
        /localhost resolves to (127\.0\.0\.1|::1), a loopback or private address/,
      );
      await expect(guarded.post(`http://127.0.0.1:${port}/guarded`, '{}', {})).rejects.toThrow(
        '127.0.0.1 is a loopback or private address',
      );
      await expect(
        guarded.post(`http://[::ffff:7f00:1]:${port}/guarded`, '{}', {}),
      ).rejects.toThrow(/loopback or private/);
    } finally {
      await guarded.close();
    }
    expect(receiver.at('/guarded')).toEqual([]);
  });

  it('sweeps delivered and failed deliveries past the retention, and keeps pending ones', async () => {
    const id = await queue('/sweep', 4);
    await dataSource.query(
      `UPDATE webhook_deliveries
          SET status = (ARRAY['delivered', 'failed', 'pending', 'delivered'])[position],
              created_at = now() - make_interval(days => (ARRAY[31, 40, 60, 29])[position])
        WHERE subscription_id = $1`,
      [id],
    );
    expect(await deliveries.sweepFinished(30, 1)).toBe(1);
    expect(await deliveries.sweepFinished(30, 1000)).toBe(1);
    expect(await deliveries.sweepFinished(30, 1000)).toBe(0);
    expect((await statuses(id)).map((row) => row.status)).toEqual(['pending', 'delivered']);
  });

  it('stays up when its database goes away: a failed run is retried, never an unhandled rejection', async () => {
    const gone = await initializeReadModels(notifierDataSourceOptions(database.url));
    await gone.destroy();
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    const away = new WebhookDispatcher(
      new WebhookDeliveries(gone),
      new WebhookSubscriptions(gone),
      transport,
      { ...DEFAULT_DISPATCHER_OPTIONS, pollIntervalMs: 20 },
    );
    try {
      away.start();
      await new Promise((resolve) => setTimeout(resolve, 300));
    } finally {
      await away.stop();
      process.off('unhandledRejection', record);
    }
    expect(unhandled).toEqual([]);
  });
});
