import { EventEmitter } from 'node:events';
import { Client } from 'pg';
import type { EventFeed, FeedSubscription, FeedSubscriptionOptions } from '../ports';
import { matchesFilter } from '../types';
import type { AppendedHere, PostgresEventStore } from './postgres-event-store';
import { NOTIFY_CHANNEL } from './schema';

const HIDDEN_RETRIES = 7;

export interface PostgresEventFeedOptions {
  connectionString: string;
  /** Fallback poll when no notification arrives. */
  pollIntervalMs?: number;
  batchSize?: number;
}

/**
 * The event store's own global feed: readers wake on the store's appends in this process and on
 * LISTEN/NOTIFY from others, fall back to polling, and re-read with a short backoff while an
 * older transaction still holds the visibility bound back.
 */
export class PostgresEventFeed implements EventFeed {
  private readonly wakeups = new EventEmitter();
  private listener?: Client;
  private closed = false;

  constructor(
    private readonly store: PostgresEventStore,
    private readonly options: PostgresEventFeedOptions,
  ) {
    this.wakeups.setMaxListeners(0);
  }

  subscribe(options: FeedSubscriptionOptions): FeedSubscription {
    const pollMs = this.options.pollIntervalMs ?? 1000;
    const batchSize = this.options.batchSize ?? 500;
    let stopped = false;
    // After a notification, re-read a few times with backoff: an older transaction may still hide it.
    let retriesLeft = 0;
    let wake: () => void = () => undefined;
    const onNotify = () => {
      retriesLeft = HIDDEN_RETRIES;
      wake();
    };
    this.wakeups.on('appended', onNotify);
    // An append in this process wakes only the readers whose filter it passes.
    const stopHearingHere = this.store.onAppended(({ streamId, types }: AppendedHere) => {
      if (types.some((type) => matchesFilter({ streamId, type }, options.filter))) onNotify();
    });

    const pause = (ms: number) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
        if (stopped) wake();
      });

    // Everything at or before the cursor has been handled or filtered out.
    let cursor = options.after ?? -1n;
    const run = async () => {
      await this.ensureListening();
      const read = (after: bigint) =>
        this.store.readVisible({ after, maxCount: batchSize, filter: options.filter });
      let next: ReturnType<typeof read> | undefined;
      while (!stopped) {
        const { events, bound } = await (next ?? read(cursor));
        next = undefined;
        // A full page means more is there: the next page loads while this one is handled.
        if (events.length === batchSize) {
          next = read(events[events.length - 1].position);
          next.catch(() => undefined);
        }
        if (options.batchHandler && events.length > 0) {
          if (stopped) return;
          await options.batchHandler(events);
          cursor = events[events.length - 1].position;
        } else {
          for (const event of events) {
            if (stopped) return;
            await options.handler(event);
            cursor = event.position;
          }
        }
        if (events.length === batchSize) continue;
        // Everything below the bound has been scanned and can never change.
        if (bound - 1n > cursor) cursor = bound - 1n;
        if (events.length > 0 || stopped) continue;
        if (retriesLeft > 0) {
          retriesLeft--;
          await pause(Math.min(5 * 2 ** (HIDDEN_RETRIES - retriesLeft - 1), pollMs));
        } else {
          await pause(pollMs);
        }
      }
    };
    const done = run().finally(() => {
      this.wakeups.off('appended', onNotify);
      stopHearingHere();
    });
    done.catch(() => undefined);
    return {
      done,
      caughtUpTo: async (position) => {
        if (cursor >= position) return true;
        // Appends this reader's filter skips did not wake it: a read moves its cursor past them.
        onNotify();
        return false;
      },
      stop: async () => {
        stopped = true;
        wake();
        await done.catch(() => undefined);
      },
    };
  }

  private listening?: Promise<void>;

  private ensureListening(): Promise<void> {
    this.listening ??= (async () => {
      const client = new Client({ connectionString: this.options.connectionString });
      client.on('notification', ({ payload }) => {
        // This store's own appends were heard in-process already, with their types.
        if (payload !== this.store.instanceId) this.wakeups.emit('appended');
      });
      client.on('error', () => {
        // Lost the LISTEN connection: polling carries on; reconnect on the next subscription.
        this.listener = undefined;
        this.listening = undefined;
      });
      await client.connect();
      await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
      if (this.closed) {
        await client.end();
        return;
      }
      this.listener = client;
    })();
    return this.listening;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.listener?.end().catch(() => undefined);
  }
}
