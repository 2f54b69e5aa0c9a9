import {
  type EventFeed,
  type FeedSubscriptionOptions,
  PostgresEventFeed,
  PostgresEventStore,
  type RecordedEvent,
} from '@warranty/event-store';
import { createTestDatabase, type TestDatabase } from '@warranty/testing';
import { DataSource, type EntityManager } from 'typeorm';
import {
  type Projection,
  readModelsEntities,
  readModelsMigrations,
  type RunnerLogger,
  runStatement,
} from '../src';

export const LEDGER_TABLE = `CREATE TABLE IF NOT EXISTS ledger (
  projection text NOT NULL, event_id uuid NOT NULL, position bigint NOT NULL)`;

/** Writes one ledger row per handled event, so a duplicate shows as a second row. */
export class LedgerProjection implements Projection {
  readonly filter: Projection['filter'];
  /** Runs after the row is written, inside the transaction: throw to roll it back. */
  beforeCommit: (event: RecordedEvent) => Promise<void> = async () => undefined;
  committed?: () => void;
  /** The transaction the last event was handled in. */
  lastManager?: EntityManager;

  constructor(
    readonly name: string,
    streamPrefix: string,
  ) {
    this.filter = { streamPrefixes: [streamPrefix] };
  }

  async handle(event: RecordedEvent, manager: EntityManager): Promise<void> {
    this.lastManager = manager;
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

/** A fresh database with the event store, its feed and the read-model tables (the ledger too). */
export interface LedgerWorld {
  database: TestDatabase;
  store: PostgresEventStore;
  feed: PostgresEventFeed;
  dataSource: DataSource;
  dispose(): Promise<void>;
}

/** A DataSource on `url` with the read models' bookkeeping tables migrated. */
export function readModelsDataSource(url: string): Promise<DataSource> {
  return new DataSource({
    type: 'postgres',
    url,
    entities: readModelsEntities,
    migrations: readModelsMigrations,
    migrationsTableName: 'read_model_migrations',
    migrationsRun: true,
  }).initialize();
}

export async function ledgerWorld(name: string, pollIntervalMs: number): Promise<LedgerWorld> {
  const database = await createTestDatabase(name);
  const store = await PostgresEventStore.connect({ connectionString: database.url });
  const feed = new PostgresEventFeed(store, { connectionString: database.url, pollIntervalMs });
  const dataSource = await readModelsDataSource(database.url);
  await dataSource.query(LEDGER_TABLE);
  return {
    database,
    store,
    feed,
    dataSource,
    dispose: async () => {
      await dataSource.destroy();
      await feed.close();
      await store.close();
      await database.drop();
    },
  };
}
