import { randomUUID } from 'node:crypto';
import { PostgresEventFeed, PostgresEventStore, type RecordedEvent } from '@warranty/event-store';
import { createTestDatabase, type TestDatabase, waitUntil } from '@warranty/testing';
import { DataSource } from 'typeorm';
import {
  type Projection,
  ProjectionRunner,
  readModelsEntities,
  readModelsMigrations,
} from '../src';

describe('ProjectionRunner upcast option', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let feed: PostgresEventFeed;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase('upcast');
    store = await PostgresEventStore.connect({ connectionString: database.url });
    feed = new PostgresEventFeed(store, { connectionString: database.url, pollIntervalMs: 200 });
    dataSource = new DataSource({
      type: 'postgres',
      url: database.url,
      entities: readModelsEntities,
      migrations: readModelsMigrations,
      migrationsTableName: 'read_model_migrations',
      migrationsRun: true,
    });
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await feed?.close();
    await store?.close();
    await database?.drop();
  });

  it('hands each projection the event as the upcaster lifted it', async () => {
    const seen: RecordedEvent[] = [];
    const prefix = `u${randomUUID().slice(0, 8)}-`;
    const projection: Projection = {
      name: `seen-${prefix}`,
      filter: { streamPrefixes: [prefix] },
      handle: async (event) => void seen.push(event),
    };
    const runner = new ProjectionRunner(dataSource, feed, [projection], {
      upcast: (event) =>
        event.metadata.schemaVersion === 1
          ? { ...event, data: { ...event.data, added: true }, metadata: { schemaVersion: 2 } }
          : event,
    });
    await store.append(
      `${prefix}1`,
      [{ type: 'Happened', data: { n: 1 }, metadata: { schemaVersion: 1 } }],
      'no_stream',
    );
    await runner.start();
    try {
      await waitUntil(() => seen.length === 1);
      expect(seen[0]).toMatchObject({
        data: { n: 1, added: true },
        metadata: { schemaVersion: 2 },
      });
    } finally {
      await runner.stop();
    }
  });
});
