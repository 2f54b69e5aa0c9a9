import type {
  EventFeed,
  EventFilter,
  FeedHandler,
  FeedSubscription,
  FeedSubscriptionOptions,
  GlobalPosition,
} from '@warranty/event-store';

export interface RunnerLogger {
  log(message: string): void;
  error(message: string, stack?: string): void;
}

export interface RetryPolicy {
  /** Delay after the first failure; doubles with each further one. */
  initialDelayMs: number;
  maxDelayMs: number;
}

export interface SupervisedSubscriptionOptions {
  name: string;
  filter?: EventFilter;
  /** Asked before every (re)subscription. */
  resumeAfter: () => Promise<GlobalPosition | undefined> | GlobalPosition | undefined;
  handler: FeedHandler;
  batchHandler?: FeedSubscriptionOptions['batchHandler'];
  onGiveUp?: FeedSubscriptionOptions['onGiveUp'];
  retry: RetryPolicy;
  logger: RunnerLogger;
}

/** A feed subscription that, when it fails, resubscribes from resumeAfter() after a bounded backoff. */
export class SupervisedSubscription {
  private stopped = false;
  private current?: FeedSubscription;
  private loop?: Promise<void>;
  private interruptPause: () => void = () => undefined;

  constructor(
    private readonly feed: EventFeed,
    private readonly options: SupervisedSubscriptionOptions,
  ) {}

  start(): void {
    this.loop ??= this.run();
  }

  /** Whether the live subscription has handled everything up to the position; false between subscriptions. */
  async caughtUpTo(position: GlobalPosition): Promise<boolean> {
    return (await this.current?.caughtUpTo(position)) ?? false;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.interruptPause();
    await this.current?.stop();
    await this.loop;
  }

  private async run(): Promise<void> {
    const { name, filter, handler, batchHandler, logger } = this.options;
    let failures = 0;
    while (!this.stopped) {
      try {
        const after = await this.options.resumeAfter();
        if (this.stopped) return;
        this.current = this.feed.subscribe({
          name,
          after,
          filter,
          onGiveUp: this.options.onGiveUp,
          handler: async (event) => {
            await handler(event);
            failures = 0;
          },
          batchHandler:
            batchHandler &&
            (async (events) => {
              await batchHandler(events);
              failures = 0;
            }),
        });
        await this.current.done;
        if (this.stopped) return;
        throw new Error('the feed ended without being stopped');
      } catch (error) {
        if (this.stopped) return;
        failures++;
        const delay = this.delay(failures);
        const reason = error instanceof Error ? error : new Error(String(error));
        logger.error(
          `${name}: subscription failed (${failures} in a row), resubscribing in ${delay} ms: ${reason.message}`,
          reason.stack,
        );
        await this.pause(delay);
      } finally {
        this.current = undefined;
      }
    }
  }

  private delay(failures: number): number {
    const { initialDelayMs, maxDelayMs } = this.options.retry;
    return Math.min(initialDelayMs * 2 ** Math.min(failures - 1, 30), maxDelayMs);
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.stopped) return resolve();
      const timer = setTimeout(resolve, ms);
      this.interruptPause = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
