import type { EventFeed, FeedSubscriptionOptions, RecordedEvent } from '@warranty/event-store';
import type { EntityManager } from 'typeorm';
import { type Projection, type RunnerLogger, runStatement } from '../src';

export const LEDGER_TABLE = `CREATE TABLE IF NOT EXISTS ledger (
  projection text NOT NULL, event_id uuid NOT NULL, position bigint NOT NULL)`;

/** Writes one ledger row per handled event, so a duplicate shows as a second row. */
export class LedgerProjection implements Projection {
  readonly filter: Projection['filter'];
  /** Runs after the row is written, inside the transaction: throw to roll it back. */
  beforeCommit: (event: RecordedEvent) => Promise<void> = async () => undefined;

  constructor(
    readonly name: string,
    streamPrefix: string,
  ) {
    this.filter = { streamPrefixes: [streamPrefix] };
  }

  async handle(event: RecordedEvent, manager: EntityManager): Promise<void> {
    await runStatement(
      manager,
      'INSERT INTO ledger (projection, event_id, position) VALUES ($1, $2, $3)',
      [this.name, event.id, event.position.toString()],
    );
    await this.beforeCommit(event);
  }
}

export class RecordingLogger implements RunnerLogger {
  readonly errors: string[] = [];
  log(): void {}
  error(message: string): void {
    this.errors.push(message);
  }
}

/** Records where each subscription resumed; can deliver every event twice or replay from the start. */
export function spyingFeed(
  feed: EventFeed,
  { duplicate = false, ignoreCheckpoint = false } = {},
): EventFeed & { resumedAfter: Map<string, unknown[]> } {
  const resumedAfter = new Map<string, unknown[]>();
  return {
    resumedAfter,
    subscribe(options: FeedSubscriptionOptions) {
      resumedAfter.set(options.name, [...(resumedAfter.get(options.name) ?? []), options.after]);
      return feed.subscribe({
        ...options,
        after: ignoreCheckpoint ? undefined : options.after,
        handler: async (event) => {
          await options.handler(event);
          if (duplicate) await options.handler(event);
        },
        batchHandler:
          options.batchHandler &&
          (async (events) => {
            await options.batchHandler!(events);
            if (duplicate) await options.batchHandler!(events);
          }),
      });
    },
  };
}
