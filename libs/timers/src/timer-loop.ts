import type { DurableTimers } from './durable-timers';

/** Calls `tick` every interval in production; the timers' state is in PostgreSQL, not in this loop. */
export class TimerLoop {
  private handle?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = true;

  constructor(
    private readonly timers: DurableTimers,
    private readonly intervalMs: number,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.next();
  }

  /** Waits for a tick in progress, so nothing is dispatched after it returns. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.handle);
    await this.running;
  }

  private next(): void {
    if (this.stopped) return;
    this.handle = setTimeout(() => {
      this.running = this.timers
        .tick()
        .then(() => undefined, this.onError)
        .finally(() => this.next());
    }, this.intervalMs);
  }
}
