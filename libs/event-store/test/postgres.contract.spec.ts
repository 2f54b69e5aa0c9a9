import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@warranty/testing';
import { PostgresEventFeed, PostgresEventStore } from '../src';
import { eventStoreContract } from './event-store.contract';

describe('PostgreSQL event store', () => {
  let database: TestDatabase;

  eventStoreContract(async () => {
    database = await createTestDatabase('es');
    const store = await PostgresEventStore.connect({
      connectionString: database.url,
      poolSize: 24,
    });
    const feed = new PostgresEventFeed(store, {
      connectionString: database.url,
      pollIntervalMs: 500,
    });
    return {
      store,
      feed,
      dispose: async () => {
        await feed.close();
        await store.close();
        await database.drop();
      },
    };
  });

  it('rolls back a whole append when one of its events cannot be stored', async () => {
    const store = await PostgresEventStore.connect({ connectionString: database.url });
    try {
      const streamId = `atomic-${randomUUID()}`;
      // PostgreSQL's jsonb refuses the NUL character, so the third event fails inside the transaction.
      const events = [
        { type: 'A', data: {} },
        { type: 'B', data: {} },
        { type: 'C', data: { bad: '\u0000' } },
      ];
      await expect(store.append(streamId, events, 'no_stream')).rejects.toThrow();
      await expect(store.readStream(streamId)).rejects.toThrow('not found');
    } finally {
      await store.close();
    }
  });
});
