import type { AttemptOutcome, DueDelivery, WebhookDeliveries } from './webhook-deliveries';
import type { WebhookSubscriptions } from './webhook-subscriptions';

/** Outcomes are written at the latest this long after the first one is ready. */
const FLUSH_AFTER_MS = 100;
/** A run takes no more once it is this old, so the sweep and a stop get their turn. */
const RUN_LIMIT_MS = 30_000;

export interface DispatchRunOptions {
  batchSize: number;
  concurrency: number;
  leaseMs: number;
  retryDelaysMs: readonly number[];
}

export interface DispatchRunResult {
  /** Deliveries taken from the queue. */
  taken: number;
  /** Of those, the ones sent (the others waited behind a failing endpoint). */
  sent: number;
}

type Health = 'ok' | 'failing';

/**
 * One run of the sender: a pool of workers that each take the next delivery as soon as they are
 * free, so a slow or hung endpoint holds one worker, never the others. The queue is read a batch
 * at a time and outcomes are written a batch at a time (or after 100 ms), endpoint health first,
 * so a delivery put back behind a failing endpoint is only due again once its subscription waits.
 *
 * The circuit breaker: an endpoint that gives no answer, a 5xx or a 429 gets nothing more in this
 * run, and its subscription waits the retry schedule's next delay; one that was failing gets one
 * probe at a time, its other deliveries held in memory until the probe is answered.
 */
export class DispatchRun {
  private readonly buffer: DueDelivery[] = [];
  private readonly health = new Map<string, Health>();
  private changes = new Map<string, Health>();
  /** Subscriptions being probed, with the deliveries that wait for the probe's answer. */
  private readonly probing = new Map<string, DueDelivery[]>();
  private outcomes: AttemptOutcome[] = [];
  private exhausted = false;
  private refilling?: Promise<void>;
  private flushing: Promise<void> = Promise.resolve();
  private flushTimer?: NodeJS.Timeout;
  private failure: unknown;
  private probeAnswered?: () => void;
  private readonly started = Date.now();
  private taken = 0;
  private sent = 0;

  constructor(
    private readonly deliveries: WebhookDeliveries,
    private readonly subscriptions: WebhookSubscriptions,
    private readonly attempt: (delivery: DueDelivery) => Promise<AttemptOutcome>,
    private readonly options: DispatchRunOptions,
    private readonly stopping: () => boolean,
  ) {}

  async run(): Promise<DispatchRunResult> {
    await Promise.all(Array.from({ length: this.options.concurrency }, () => this.worker()));
    await this.flush();
    if (this.failure) throw this.failure;
    return { taken: this.taken, sent: this.sent };
  }

  private async worker(): Promise<void> {
    for (;;) {
      const delivery = await this.next();
      if (!delivery) return;
      await this.send(delivery);
    }
  }

  private async next(): Promise<DueDelivery | undefined> {
    for (;;) {
      const delivery = this.buffer.shift();
      if (delivery) return delivery;
      if (this.failure) return undefined;
      if (!this.exhausted && !this.stopping() && Date.now() - this.started < RUN_LIMIT_MS)
        await (this.refilling ??= this.refill());
      else if (this.probing.size > 0) await this.nextProbeAnswer();
      else return undefined;
    }
  }

  private async refill(): Promise<void> {
    try {
      const due = await this.deliveries.takeDue(this.options.batchSize, this.options.leaseMs);
      this.taken += due.length;
      if (due.length === 0) this.exhausted = true;
      this.buffer.push(...due);
    } catch (error) {
      this.failure ??= error;
    } finally {
      this.refilling = undefined;
    }
  }

  private async send(delivery: DueDelivery): Promise<void> {
    const id = delivery.subscriptionId;
    if (this.health.get(id) === 'failing') return this.finish(putBack(delivery));
    let probe = false;
    if (!this.health.has(id) && delivery.consecutiveFailures > 0) {
      const waiting = this.probing.get(id);
      if (waiting) return void waiting.push(delivery);
      this.probing.set(id, []);
      probe = true;
    }
    try {
      const outcome = await this.attempt(delivery);
      this.sent++;
      this.finish(outcome);
      if (outcome.status === 'delivered') this.judge(id, 'ok');
      else if (outcome.lastStatus === 410) this.health.set(id, 'failing');
      else if (endpointFailed(outcome)) this.judge(id, 'failing');
    } catch (error) {
      // Its outcome is unknown: it stays leased, and goes out again when the lease ends.
      this.failure ??= error;
    } finally {
      if (probe) this.probeDone(id);
    }
  }

  /** The deliveries that waited for a probe: sent now, or put back if the endpoint still fails. */
  private probeDone(subscriptionId: string): void {
    const waiting = this.probing.get(subscriptionId) ?? [];
    this.probing.delete(subscriptionId);
    if (this.health.get(subscriptionId) === 'failing' || this.failure)
      for (const held of waiting) this.finish(putBack(held));
    else this.buffer.unshift(...waiting);
    const wake = this.probeAnswered;
    this.probeAnswered = undefined;
    wake?.();
  }

  private judge(subscriptionId: string, health: Health): void {
    this.health.set(subscriptionId, health);
    this.changes.set(subscriptionId, health);
  }

  private nextProbeAnswer(): Promise<void> {
    return new Promise((resolve) => {
      const earlier = this.probeAnswered;
      this.probeAnswered = () => {
        earlier?.();
        resolve();
      };
    });
  }

  private finish(outcome: AttemptOutcome): void {
    this.outcomes.push(outcome);
    if (this.outcomes.length >= this.options.batchSize) void this.flush();
    else this.flushTimer ??= setTimeout(() => void this.flush(), FLUSH_AFTER_MS);
  }

  /** Health, then outcomes: a delivery put back is due only once its subscription waits. */
  private flush(): Promise<void> {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const outcomes = this.outcomes;
    const changes = this.changes;
    this.outcomes = [];
    this.changes = new Map();
    if (outcomes.length === 0 && changes.size === 0) return this.flushing;
    const judged = (health: Health) =>
      [...changes].filter(([, value]) => value === health).map(([id]) => id);
    this.flushing = this.flushing
      .then(async () => {
        await this.subscriptions.recordHealth(
          judged('failing'),
          judged('ok'),
          this.options.retryDelaysMs,
        );
        await this.deliveries.record(outcomes);
      })
      .catch((error: unknown) => {
        this.failure ??= error;
      });
    return this.flushing;
  }
}

/** Not sent because its endpoint is failing: due again when the subscription lets it, not counted. */
const putBack = (delivery: DueDelivery): AttemptOutcome => ({
  deliveryId: delivery.deliveryId,
  status: 'pending',
  lastStatus: null,
  lastError: null,
  retryInMs: 0,
  uncounted: true,
  deferred: true,
  attemptedAt: null,
});

/** An answer that says the endpoint, not this one webhook, is in trouble. */
const endpointFailed = (outcome: AttemptOutcome): boolean =>
  outcome.status !== 'delivered' &&
  !outcome.uncounted &&
  (outcome.lastStatus === null || outcome.lastStatus >= 500 || outcome.lastStatus === 429);
