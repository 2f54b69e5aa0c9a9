import type { Consumer } from 'kafkajs';

/**
 * Offsets of messages whose effect is committed, sent to Kafka together every few milliseconds
 * rather than one round trip per message. A crash loses at most the last interval's commits, and
 * the events it redelivers are no-ops for the projections.
 */
export class OffsetCommits {
  private readonly pending = new Map<
    string,
    { consumer: Consumer; topic: string; partition: number; offset: string }
  >();
  private timer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly intervalMs: number) {}

  add(consumer: Consumer, topic: string, partition: number, offset: string): void {
    this.pending.set(`${topic}/${partition}`, { consumer, topic, partition, offset });
    this.timer ??= setTimeout(() => void this.flush().catch(() => undefined), this.intervalMs);
  }

  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = [...this.pending.values()];
    this.pending.clear();
    // A refused commit (a rebalance) fails its own flush only, not every later one.
    this.flushing = this.flushing
      .catch(() => undefined)
      .then(async () => {
        if (batch.length === 0) return;
        await batch[0].consumer.commitOffsets(
          batch.map(({ topic, partition, offset }) => ({ topic, partition, offset })),
        );
      });
    return this.flushing;
  }
}
