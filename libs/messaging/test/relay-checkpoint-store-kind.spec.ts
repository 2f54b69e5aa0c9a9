import { Pool } from 'pg';
import { type EventStore, PostgresEventStore } from '@warranty/event-store';
import { createTestDatabase, type TestDatabase } from '@warranty/testing';
import { migrate } from '@warranty/postgres';
import { EventRelay, relayMigrations } from '../src';

// No broker is needed: the check runs before the relay touches Kafka.
describe('the relay checkpoint is tied to the event store that produced it', () => {
  let database: TestDatabase;
  let pool: Pool;
  let store: PostgresEventStore;

  beforeAll(async () => {
    database = await createTestDatabase('relaykind');
    pool = new Pool({ connectionString: database.url, max: 4 });
    store = await PostgresEventStore.connect({ connectionString: database.url });
  });
  afterAll(async () => {
    await store?.close();
    await pool?.end();
    await database?.drop();
  });

  const relayOn = (kind: 'postgres' | 'eventstoredb', name: string) =>
    new EventRelay(Object.assign(Object.create(store) as EventStore, { kind }), pool, {
      brokers: ['127.0.0.1:1'],
      name,
    });

  it('a relay on EventStoreDB refuses a checkpoint written from PostgreSQL', async () => {
    await migrate(pool, 'messaging', relayMigrations);
    await pool.query(
      `INSERT INTO messaging.relay_checkpoints (name, position, store_kind) VALUES ('kind-check', 42, 'postgres')
       ON CONFLICT (name) DO UPDATE SET position = 42, store_kind = 'postgres'`,
    );

    const relay = relayOn('eventstoredb', 'kind-check');
    await expect(relay.start()).rejects.toThrow(/kind-check.*postgres.*eventstoredb.*rebuild/i);
    expect(relay.role).toBe('stopped');
  });

  it('the same store resumes, and claims a checkpoint written before kinds were recorded', async () => {
    await pool.query(
      `INSERT INTO messaging.relay_checkpoints (name, position, store_kind) VALUES ('legacy', 7, NULL)`,
    );
    const relay = relayOn('postgres', 'legacy');
    await relay.start();
    await relay.stop();
    const { rows } = await pool.query(
      `SELECT store_kind FROM messaging.relay_checkpoints WHERE name = 'legacy'`,
    );
    expect(rows[0].store_kind).toBe('postgres');
    expect(await relay.publishedUpTo()).toBe(7n);
  });
});
