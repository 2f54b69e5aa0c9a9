import { Logger } from '@nestjs/common';
import { Webhook } from 'standardwebhooks';
import { nextRetryDelayMs, RETRY_DELAYS_MS } from '../domain/retry-schedule';
import { DispatchRun, type DispatchRunResult } from './dispatch-run';
import type { AttemptOutcome, DueDelivery, WebhookDeliveries } from './webhook-deliveries';
import type { WebhookSubscriptions } from './webhook-subscriptions';
import type { WebhookTransport } from './webhook-transport';

export interface DispatcherOptions {
  /** How often the queue is read when nothing nudges it; false: only tick() sends (tests). */
  pollIntervalMs: number | false;
  /** Deliveries taken from the queue, and their outcomes recorded, per statement. */
  batchSize: number;
  /** Deliveries in flight at once: the workers of a run. */
  concurrency: number;
  /** How long a taken delivery is hidden from other senders: longer than it can wait and take (leaseFor). */
  leaseMs: number;
  retryDelaysMs: readonly number[];
  /** Delivered and failed deliveries are kept this many days; 0 keeps them. */
  retentionDays: number;
}

/** A delivery's lease: every worker waiting out its timeout on each of its share of a batch, and 10 s. */
export const leaseFor = (
  options: Pick<DispatcherOptions, 'batchSize' | 'concurrency'>,
  timeoutMs: number,
): number => Math.ceil(options.batchSize / options.concurrency) * timeoutMs + 10_000;

export const DEFAULT_DISPATCHER_OPTIONS: DispatcherOptions = {
  pollIntervalMs: 1_000,
  batchSize: 64,
  concurrency: 8,
  leaseMs: leaseFor({ batchSize: 64, concurrency: 8 }, 10_000),
  retryDelaysMs: RETRY_DELAYS_MS,
  retentionDays: 30,
};

const SWEEP_EVERY_MS = 15 * 60_000;
const SWEEP_BATCH = 1_000;

/**
 * Sends queued deliveries, signed the Standard Webhooks way, and records each outcome: a 2xx is
 * delivered, a 410 disables the subscription, anything else is retried on the schedule and then
 * marked failed. At least once: a receiver deduplicates on the `webhook-id` header.
 */
export class WebhookDispatcher {
  private readonly logger = new Logger(WebhookDispatcher.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private again = false;
  private stopped = true;
  private stopping = false;
  private lastSweep = 0;

  constructor(
    private readonly deliveries: WebhookDeliveries,
    private readonly subscriptions: WebhookSubscriptions,
    private readonly transport: WebhookTransport,
    private readonly options: DispatcherOptions = DEFAULT_DISPATCHER_OPTIONS,
  ) {}

  start(): void {
    this.stopped = false;
    this.lastSweep = Date.now();
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Something was queued: read the queue now rather than at the next poll. */
  nudge(): void {
    if (this.stopped || this.options.pollIntervalMs === false) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  /** Sends what is due until nothing is (tests, and the loop's runs); returns how many were sent. */
  async tick(): Promise<number> {
    let sent = 0;
    for (;;) {
      const result = await this.runOnce();
      sent += result.sent;
      if (result.taken === 0 || this.stopping) return sent;
    }
  }

  private runOnce(): Promise<DispatchRunResult> {
    return new DispatchRun(
      this.deliveries,
      this.subscriptions,
      (delivery) => this.attempt(delivery),
      this.options,
      () => this.stopping,
    ).run();
  }

  private schedule(delayMs = this.options.pollIntervalMs): void {
    if (this.stopped || delayMs === false) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), delayMs);
    this.timer.unref();
  }

  private async run(): Promise<void> {
    let busy = false;
    const running = this.runOnce();
    // A failed run sent nothing; run() logs why. Unhandled, its rejection would end the process.
    this.running = running.then(
      (result) => result.sent,
      () => 0,
    );
    try {
      busy = (await running).taken > 0;
      await this.sweep();
    } catch (error) {
      this.logger.warn(`Webhook deliveries stopped for now: ${String(error)}`);
    } finally {
      this.running = undefined;
      const again = this.again || busy;
      this.again = false;
      this.schedule(again ? 0 : undefined);
    }
  }

  private async attempt(delivery: DueDelivery): Promise<AttemptOutcome> {
    const { deliveryId } = delivery;
    const attemptedAt = new Date();
    let lastStatus: number | null = null;
    let lastError: string;
    try {
      const response = await this.transport.post(delivery.url, delivery.payload, signed(delivery));
      lastStatus = response.status;
      if (lastStatus >= 200 && lastStatus < 300)
        return {
          deliveryId,
          status: 'delivered',
          lastStatus,
          lastError: null,
          retryInMs: null,
          uncounted: false,
          attemptedAt,
        };
      lastError = `The endpoint answered ${lastStatus}`;
      if (lastStatus === 410) {
        const reason = `The endpoint answered 410 Gone to delivery ${deliveryId}`;
        await this.subscriptions.disableGone(delivery.subscriptionId, reason);
        this.logger.warn(`Webhook subscription ${delivery.subscriptionId} disabled: ${reason}`);
        return {
          deliveryId,
          status: 'pending',
          lastStatus,
          lastError,
          retryInMs: 0,
          uncounted: false,
          attemptedAt,
        };
      }
    } catch (cause) {
      lastError = describeFailure(cause);
    }
    const retryInMs = nextRetryDelayMs(delivery.attempts, this.options.retryDelaysMs);
    if (retryInMs === null)
      this.logger.warn(
        `Webhook delivery ${deliveryId} failed after ${delivery.attempts} attempts: ${lastError}`,
      );
    return {
      deliveryId,
      status: retryInMs === null ? 'failed' : 'pending',
      lastStatus,
      lastError,
      retryInMs,
      uncounted: false,
      attemptedAt,
    };
  }

  private async sweep(): Promise<void> {
    if (this.options.retentionDays === 0 || Date.now() - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = Date.now();
    let deleted = 0;
    let batch: number;
    do {
      batch = await this.deliveries.sweepFinished(this.options.retentionDays, SWEEP_BATCH);
      deleted += batch;
    } while (batch === SWEEP_BATCH && !this.stopping);
    if (deleted > 0) this.logger.log(`Deleted ${deleted} webhook deliveries past retention`);
  }
}

/** The Standard Webhooks headers: one signature per live secret, so a rotation breaks no receiver. */
export function signed(
  delivery: Pick<DueDelivery, 'deliveryId' | 'payload' | 'secrets'>,
  at = new Date(),
): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': 'warranty-platform-webhooks/1',
    'webhook-id': delivery.deliveryId,
    'webhook-timestamp': Math.floor(at.getTime() / 1000).toString(),
    'webhook-signature': delivery.secrets
      .map((secret) => new Webhook(secret).sign(delivery.deliveryId, at, delivery.payload))
      .join(' '),
  };
}

export function describeFailure(error: unknown): string {
  const { name, code } = (error ?? {}) as { name?: unknown; code?: unknown };
  // An aborted request throws a DOMException, which is not an Error in Node 20.
  if (name === 'TimeoutError' || (typeof code === 'string' && code.endsWith('_TIMEOUT')))
    return 'No answer before the timeout';
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
  }
  return String(error);
}
