import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { migrate } from '@warranty/postgres';
import { createTestDatabase, type TestDatabase } from '@warranty/testing';
import { LEGACY_CHAINING_STREAM, PostgresEventStore, verifyChain } from '../src';
import { eventStoreMigrations } from '../src/postgres/schema';

describe('PostgreSQL event store: chaining events written before the hash chain', () => {
  let database: TestDatabase;
  let superuser: Pool;

  beforeAll(async () => {
    database = await createTestDatabase('es_legacy');
    superuser = new Pool({ connectionString: database.url, max: 1 });
    // The schema as it stood before the chain, with events appended by that version.
    await migrate(superuser, 'event_store', eventStoreMigrations.slice(0, 1));
    await superuser.query(
      `INSERT INTO event_store.events
         (position, transaction_id, stream_id, revision, event_id, type, data, metadata)
       SELECT (pg_current_xact_id()::text::bigint << 20) + n, pg_current_xact_id(),
              'legacy-' || (n % 3), n / 3, gen_random_uuid(), 'Legacy', jsonb_build_object('n', n),
              jsonb_build_object('actor', 'old-version')
         FROM generate_series(0, 11) AS n`,
    );
  });
  afterAll(async () => {
    await superuser?.end();
    await database?.drop();
  });

  it('chains every legacy stream once, records that it did, and does nothing on the next connect', async () => {
    const lines: string[] = [];
    const first = await PostgresEventStore.connect({
      connectionString: database.url,
      log: (line) => lines.push(line),
    });
    try {
      for (const streamId of ['legacy-0', 'legacy-1', 'legacy-2']) {
        expect(verifyChain(await first.readStream(streamId))).toMatchObject({
          status: 'intact',
          events: 4,
        });
      }
      const record = await first.readStream(LEGACY_CHAINING_STREAM);
      expect(record).toHaveLength(1);
      expect(record[0]).toMatchObject({ type: 'LegacyEventsChained' });
      expect(record[0].data).toMatchObject({ streams: 3, events: 12 });
      expect(verifyChain(record).status).toBe('intact');
      expect(lines.join('\n')).toMatch(/Chained 3\/3 streams, 12 events/);
      // Like EventStoreDB's $-streams, the store's own record stays out of the global log, so
      // consumers that route every stream (the Kafka relay) never meet a category they do not know.
      // The global log shows events below the cluster's oldest open transaction, which another
      // test file's database may hold back for a moment.
      let log = await first.readAll({ maxCount: 100 });
      for (let waited = 0; log.length < 12 && waited < 30_000; waited += 50) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        log = await first.readAll({ maxCount: 100 });
      }
      expect(log.map((e) => e.streamId)).not.toContain(LEGACY_CHAINING_STREAM);
      expect(log).toHaveLength(12);
      // A new append continues the chain from the chained legacy head.
      await first.append('legacy-0', [{ type: 'New', data: {} }], 3);
      expect(verifyChain(await first.readStream('legacy-0')).status).toBe('intact');
    } finally {
      await first.close();
    }

    const again: string[] = [];
    const second = await PostgresEventStore.connect({
      connectionString: database.url,
      log: (line) => again.push(line),
    });
    try {
      expect(await second.readStream(LEGACY_CHAINING_STREAM)).toHaveLength(1);
      expect(again).toEqual([]);
    } finally {
      await second.close();
    }
  });

  it('records nothing for a database with no legacy events', async () => {
    const empty = await createTestDatabase('es_fresh');
    const store = await PostgresEventStore.connect({ connectionString: empty.url });
    try {
      await store.append(`s-${randomUUID()}`, [{ type: 'A', data: {} }], 'no_stream');
      await expect(store.readStream(LEGACY_CHAINING_STREAM)).rejects.toThrow('not found');
    } finally {
      await store.close();
      await empty.drop();
    }
  });
});
