import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase, waitUntil } from '@warranty/testing';
import {
  type FeedSubscription,
  PostgresEventFeed,
  PostgresEventStore,
  type RecordedEvent,
} from '../src';

/** Polling is an hour away here: whatever a reader does, a wakeup made it do. */
const NO_POLLING = 3_600_000;

describe('PostgreSQL feed: which appends wake which readers', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let otherProcess: PostgresEventStore;
  let feed: PostgresEventFeed;

  beforeAll(async () => {
    database = await createTestDatabase('es_wakeups');
    store = await PostgresEventStore.connect({ connectionString: database.url });
    otherProcess = await PostgresEventStore.connect({ connectionString: database.url });
    feed = new PostgresEventFeed(store, {
      connectionString: database.url,
      pollIntervalMs: NO_POLLING,
    });
  });
  afterAll(async () => {
    await feed?.close();
    await otherProcess?.close();
    await store?.close();
    await database?.drop();
  });

  const append = (on: PostgresEventStore, type: string) =>
    on.append(`wake-${randomUUID()}`, [{ type, data: {} }], 'no_stream');

  const subscriptions: FeedSubscription[] = [];
  afterEach(async () => {
    jest.restoreAllMocks();
    await Promise.all(subscriptions.splice(0).map((s) => s.stop()));
  });

  async function wantedReader() {
    const seen: RecordedEvent[] = [];
    const reads = jest.spyOn(store, 'readVisible');
    const subscription = feed.subscribe({
      name: `wanted-${randomUUID()}`,
      filter: { eventTypes: ['Wanted'] },
      handler: async (event) => void seen.push(event),
    });
    subscriptions.push(subscription);
    await waitUntil(() => reads.mock.calls.length > 0, { describe: () => 'the first read' });
    await new Promise((r) => setTimeout(r, 800)); // the retries after start-up settle
    return { seen, reads, subscription };
  }

  it('an append in this process wakes only the readers whose filter it passes', async () => {
    const { seen, reads } = await wantedReader();
    const before = reads.mock.calls.length;
    for (let i = 0; i < 20; i++) await append(store, 'Unwanted');
    await new Promise((r) => setTimeout(r, 500));
    expect(reads.mock.calls.length).toBe(before);

    const wanted = await append(store, 'Wanted');
    await waitUntil(() => seen.some((e) => e.position === wanted.position), {
      timeoutMs: 2000,
      describe: () => 'the wanted event',
    });
  });

  it("another process's append still wakes every reader, through NOTIFY", async () => {
    const { seen } = await wantedReader();
    const wanted = await append(otherProcess, 'Wanted');
    await waitUntil(() => seen.some((e) => e.position === wanted.position), {
      timeoutMs: 2000,
      describe: () => "the other process's event",
    });
  });

  it('a reader is caught up to a position its filter skipped as soon as it is asked', async () => {
    const { subscription } = await wantedReader();
    const skipped = await append(store, 'Unwanted');
    await waitUntil(() => subscription.caughtUpTo(skipped.position), {
      timeoutMs: 2000,
      intervalMs: 10,
      describe: () => 'caughtUpTo the skipped position',
    });
  });
});
