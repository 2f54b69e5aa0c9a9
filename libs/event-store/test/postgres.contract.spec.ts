import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase, waitUntil } from '@warranty/testing';
import {
  InvalidAppendError,
  PostgresEventFeed,
  PostgresEventStore,
  StreamNotFoundError,
  verifyChain,
  WrongExpectedRevisionError,
} from '../src';
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

  it('recovers when another process moved a stream past the head this one remembers', async () => {
    const [here, there] = await Promise.all([
      PostgresEventStore.connect({ connectionString: database.url, poolSize: 2 }),
      PostgresEventStore.connect({ connectionString: database.url, poolSize: 2 }),
    ]);
    try {
      const streamId = `heads-${randomUUID()}`;
      await here.append(streamId, [{ type: 'A', data: {} }], 'no_stream');
      await here.readStream(streamId);
      await there.append(streamId, [{ type: 'B', data: {} }], 0);

      const stale = await here.append(streamId, [{ type: 'C', data: {} }], 0).catch((e) => e);
      expect(stale).toBeInstanceOf(WrongExpectedRevisionError);
      expect(stale.actual).toBe(1);
      await there.append(streamId, [{ type: 'D', data: {} }], 1);
      await expect(here.append(streamId, [{ type: 'E', data: {} }], 'any')).resolves.toMatchObject({
        nextRevision: 3,
      });
      await expect(
        here.append(streamId, [{ type: 'F', data: {} }], 'stream_exists'),
      ).resolves.toMatchObject({ nextRevision: 4 });
      const read = await there.readStream(streamId);
      expect(read.map((e) => e.type)).toEqual(['A', 'B', 'D', 'E', 'F']);
      expect(verifyChain(read).status).toBe('intact');
    } finally {
      await Promise.all([here.close(), there.close()]);
    }
  });

  it('remembers a stream a read found empty, and still recovers when another process starts it', async () => {
    const [here, there] = await Promise.all([
      PostgresEventStore.connect({ connectionString: database.url, poolSize: 2 }),
      PostgresEventStore.connect({ connectionString: database.url, poolSize: 2 }),
    ]);
    try {
      const quiet = `empty-${randomUUID()}`;
      await expect(here.readStream(quiet)).rejects.toThrow(StreamNotFoundError);
      const queries = jest.spyOn(here.pool, 'query');
      await here.append(quiet, [{ type: 'A', data: {} }], 'any');
      // No head query: the read just now showed there is no head to fetch.
      const sqlOf = (call: unknown[]) =>
        typeof call[0] === 'string' ? call[0] : String((call[0] as { text?: string }).text);
      expect(
        queries.mock.calls.map(sqlOf).filter((sql) => /ORDER BY revision DESC/.test(sql)),
      ).toEqual([]);
      expect(
        queries.mock.calls.map(sqlOf).some((sql) => /INSERT INTO event_store.events/.test(sql)),
      ).toBe(true);
      queries.mockRestore();

      const raced = `empty-${randomUUID()}`;
      await expect(here.readStream(raced)).rejects.toThrow(StreamNotFoundError);
      await there.append(raced, [{ type: 'B', data: {} }], 'no_stream');
      await expect(here.append(raced, [{ type: 'C', data: {} }], 'any')).resolves.toMatchObject({
        nextRevision: 1,
      });
      const read = await there.readStream(raced);
      expect(read.map((e) => e.type)).toEqual(['B', 'C']);
      expect(verifyChain(read).status).toBe('intact');
      const unread = `empty-${randomUUID()}`;
      await expect(here.readStream(unread)).rejects.toThrow(StreamNotFoundError);
      await there.append(unread, [{ type: 'D', data: {} }], 'no_stream');
      await expect(
        here.append(unread, [{ type: 'E', data: {} }], 'stream_exists'),
      ).resolves.toMatchObject({ nextRevision: 1 });
    } finally {
      await Promise.all([here.close(), there.close()]);
    }
  });

  it('never shows an event past one whose transaction started earlier and commits late', async () => {
    const store = await PostgresEventStore.connect({ connectionString: database.url, poolSize: 2 });
    const late = new Client({ connectionString: database.url });
    await late.connect();
    try {
      const prefix = `late-${randomUUID()}-`;
      await late.query('BEGIN');
      await late.query(
        `INSERT INTO event_store.events
           (position, transaction_id, stream_id, revision, event_id, type, data, metadata)
         VALUES ((pg_current_xact_id()::text::bigint << 20), pg_current_xact_id(), $1, 0,
                 gen_random_uuid(), 'Early', '{}', '{}')`,
        [`${prefix}early`],
      );
      const later = await store.append(
        `${prefix}later`,
        [{ type: 'Later', data: {} }],
        'no_stream',
      );
      const filter = { streamPrefixes: [prefix] };
      expect(await store.readAll({ filter })).toEqual([]);
      expect((await store.headPosition()) ?? -1n).toBeLessThan(later.position);
      // Committed is committed: "from now on" starts after it, whatever is still open.
      expect(await store.newestPosition()).toBe(later.position);

      await late.query('COMMIT');
      await waitUntil(async () => (await store.readAll({ filter })).length === 2);
      expect((await store.readAll({ filter })).map((e) => e.type)).toEqual(['Early', 'Later']);
    } finally {
      await late.end();
      await store.close();
    }
  });

  it('wakes a feed promptly on appends of its own process and of another one, without polling', async () => {
    const [here, there] = await Promise.all([
      PostgresEventStore.connect({ connectionString: database.url, poolSize: 2 }),
      PostgresEventStore.connect({ connectionString: database.url, poolSize: 2 }),
    ]);
    const feed = new PostgresEventFeed(here, {
      connectionString: database.url,
      pollIntervalMs: 60_000,
    });
    const prefix = `wake-${randomUUID()}-`;
    const seen: string[] = [];
    const subscription = feed.subscribe({
      name: 'wake',
      filter: { streamPrefixes: [prefix] },
      handler: async (e) => void seen.push(e.type),
    });
    try {
      await new Promise((r) => setTimeout(r, 1500));
      await here.append(`${prefix}a`, [{ type: 'Here', data: {} }], 'no_stream');
      await waitUntil(() => seen.length === 1, { timeoutMs: 5000 });
      await new Promise((r) => setTimeout(r, 1500));
      await there.append(`${prefix}b`, [{ type: 'There', data: {} }], 'no_stream');
      await waitUntil(() => seen.length === 2, { timeoutMs: 5000 });
      expect(seen).toEqual(['Here', 'There']);
    } finally {
      await subscription.stop();
      await feed.close();
      await Promise.all([here.close(), there.close()]);
    }
  });

  it('writes concurrent appends together, and a bad one fails alone without failing the others', async () => {
    const store = await PostgresEventStore.connect({ connectionString: database.url, poolSize: 4 });
    try {
      const prefix = `group-${randomUUID()}-`;
      const usedId = randomUUID();
      await store.append(`${prefix}first`, [{ id: usedId, type: 'A', data: {} }], 'no_stream');
      const outcomes = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) =>
          store.append(
            `${prefix}${i}`,
            i === 7
              ? [{ type: 'Bad', data: { text: '\u0000' } }]
              : i === 11
                ? [{ id: usedId, type: 'Reused', data: {} }]
                : [
                    { type: 'Good', data: { i } },
                    { type: 'Good', data: { i } },
                  ],
            'no_stream',
          ),
        ),
      );
      expect(outcomes.map((o) => o.status)).toEqual(
        outcomes.map((_, i) => (i === 7 || i === 11 ? 'rejected' : 'fulfilled')),
      );
      expect((outcomes[11] as PromiseRejectedResult).reason).toBeInstanceOf(InvalidAppendError);
      for (const [i, outcome] of outcomes.entries()) {
        if (outcome.status !== 'fulfilled') continue;
        const read = await store.readStream(`${prefix}${i}`);
        expect(read.map((e) => e.revision)).toEqual([0, 1]);
        expect(read[1].position).toBe(outcome.value.position);
        expect(verifyChain(read).status).toBe('intact');
      }
      await expect(store.readStream(`${prefix}7`)).rejects.toThrow('not found');

      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          store.append(`${prefix}together-${i}`, [{ type: 'Together', data: {} }], 'no_stream'),
        ),
      );
      const { rows } = await store.pool.query<{ transactions: number; events: number }>(
        `SELECT count(DISTINCT transaction_id)::int AS transactions, count(*)::int AS events
           FROM event_store.events WHERE stream_id LIKE $1 || 'together-%'`,
        [prefix],
      );
      expect(rows[0].events).toBe(20);
      // One transaction per statement in flight (three at most), then the rest together.
      expect(rows[0].transactions).toBeLessThanOrEqual(6);
    } finally {
      await store.close();
    }
  });
});
