import type { Pool } from 'pg';
import type { ChainedAppend } from '../chain';
import type { AppendResult } from '../types';
import { insertChained, type StreamAppend } from './insert-events';
import type { StreamHeads } from './stream-heads';

/** The append was chained onto a head that an earlier append of this process has moved on from. */
export class HeadMovedError extends Error {}

interface Pending extends StreamAppend {
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

const MAX_EVENTS_PER_BATCH = 10_000;

/**
 * Group commit: appends that arrive while a write is in flight go out together in the next
 * statement, one transaction and one WAL flush for all of them. A batch holds one append per
 * stream; if it fails, each of its appends is retried alone, so every caller gets its own answer.
 */
export class AppendBatches {
  private queue: Pending[] = [];
  private writers = 0;
  /** Streams with an append in a statement not yet answered: their next append waits for it. */
  private readonly writing = new Set<string>();

  constructor(
    private readonly pool: Pool,
    private readonly heads: StreamHeads,
    /** Statements in flight at once: the server inserts on several cores, the log flushes once. */
    private readonly maxWriters = 3,
  ) {}

  write(streamId: string, chained: ChainedAppend): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ streamId, chained, resolve, reject });
      if (this.writers < this.maxWriters) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writers++;
    try {
      for (let batch = this.nextBatch(); batch.length > 0; batch = this.nextBatch()) {
        await this.writeBatch(batch);
        for (const pending of batch) this.writing.delete(pending.streamId);
        // Lets the callers just answered queue their next appends, so they join the next batch.
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      this.writers--;
    }
  }

  private nextBatch(): Pending[] {
    const batch: Pending[] = [];
    const rest: Pending[] = [];
    let events = 0;
    for (const pending of this.queue) {
      const size = pending.chained.events.length;
      const fits = batch.length === 0 || events + size <= MAX_EVENTS_PER_BATCH;
      if (this.writing.has(pending.streamId) || !fits) {
        rest.push(pending);
        continue;
      }
      const known = this.heads.get(pending.streamId);
      if (known && known.revision > pending.chained.after) {
        pending.reject(new HeadMovedError());
        continue;
      }
      this.writing.add(pending.streamId);
      events += size;
      batch.push(pending);
    }
    this.queue = rest;
    return batch;
  }

  private async writeBatch(batch: Pending[]): Promise<void> {
    try {
      this.settle(batch, await insertChained(this.pool, batch));
    } catch (error) {
      if (batch.length === 1) return batch[0].reject(error);
      await Promise.all(
        batch.map(async (pending) => {
          try {
            this.settle([pending], await insertChained(this.pool, [pending]));
          } catch (alone) {
            pending.reject(alone);
          }
        }),
      );
    }
  }

  private settle(batch: Pending[], results: AppendResult[]): void {
    batch.forEach((pending, i) => {
      const hash = pending.chained.events[pending.chained.events.length - 1].metadata.hash;
      this.heads.remember(pending.streamId, {
        revision: results[i].nextRevision,
        hash: hash as string,
      });
      pending.resolve(results[i]);
    });
  }
}
