import { randomUUID } from 'node:crypto';
import {
  type EventFeed,
  type FeedSubscription,
  PostgresEventFeed,
  PostgresEventStore,
} from '@warranty/event-store';
import { waitUntil } from '@warranty/testing';
import { DataSource } from 'typeorm';
import { ProjectionCheckpoints, ProjectionRunner, type ProjectionRunnerOptions } from '../src';
import {
  LedgerProjection,
  RecordingLogger,
  spyingFeed,
  ledgerWorld,
  type LedgerWorld,
} from './ledger-projection';

describe('ProjectionRunner on PostgreSQL', () => {
  let store: PostgresEventStore;
  let feed: PostgresEventFeed;
  let dataSource: DataSource;
  let prefix: string;
  let projection: LedgerProjection;
  let logger: RecordingLogger;
  const runners: ProjectionRunner[] = [];

  let world: LedgerWorld;

  beforeAll(async () => {
    world = await ledgerWorld('readmodels', 200);
    ({ store, feed, dataSource } = world);
  });
  afterAll(() => world?.dispose());
  beforeEach(() => {
    prefix = `t${randomUUID().slice(0, 8)}-`;
    projection = new LedgerProjection(`ledger-${prefix}`, prefix);
    logger = new RecordingLogger();
  });
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((r) => r.stop()));
  });

  const runner = (eventFeed: EventFeed = feed, options: ProjectionRunnerOptions = {}) => {
    const created = new ProjectionRunner(dataSource, eventFeed, [projection], {
      logger,
      retry: { initialDelayMs: 10, maxDelayMs: 50 },
      ...options,
    });
    runners.push(created);
    return created;
  };
  const append = async (stream: string, count = 1) => {
    let position = 0n;
    for (let n = 0; n < count; n++)
      ({ position } = await store.append(stream, [{ type: 'Noted', data: { n } }], 'any'));
    return position;
  };
  const ledger = async () =>
    (
      await dataSource.query<{ event_id: string; position: string }[]>(
        'SELECT event_id, position FROM ledger WHERE projection = $1 ORDER BY position',
        [projection.name],
      )
    ).map((r) => BigInt(r.position));
  const positionsOf = async (stream: string) =>
    (await store.readStream(stream)).map((e) => e.position);
  const storedCheckpoint = () => new ProjectionCheckpoints(dataSource).load(projection.name);

  it('handles each matching event once, in order, and stores its checkpoint', async () => {
    await append(`${prefix}a`, 2);
    await append(`other${prefix}b`);
    const last = await append(`${prefix}c`);
    const running = runner();
    await running.start();

    expect(await running.waitFor(projection.name, last)).toBe(true);
    const expected = [...(await positionsOf(`${prefix}a`)), last];
    expect(await ledger()).toEqual(expected);
    expect(await storedCheckpoint()).toBe(last);
    expect(await running.position(projection.name)).toBe(last);
  });

  it('tells the projection after each commit, when what it wrote is visible to others', async () => {
    const stillOpen: boolean[] = [];
    projection.committed = () =>
      stillOpen.push(projection.lastManager?.queryRunner?.isTransactionActive ?? false);
    const last = await append(`${prefix}a`, 3);
    const running = runner();
    await running.start();
    expect(await running.waitFor(projection.name, last)).toBe(true);
    expect(stillOpen.length).toBeGreaterThan(0);
    expect(stillOpen.every((open) => !open)).toBe(true);
  });

  it('changes nothing when events are delivered twice or replayed from an older checkpoint', async () => {
    const last = await append(`${prefix}a`, 3);
    const first = runner();
    await first.start();
    expect(await first.waitFor(projection.name, last)).toBe(true);
    await first.stop();

    const replaying = runner(spyingFeed(feed, { duplicate: true, ignoreCheckpoint: true }));
    await replaying.start();
    const more = await append(`${prefix}a`);
    expect(await replaying.waitFor(projection.name, more)).toBe(true);
    expect(await ledger()).toEqual(await positionsOf(`${prefix}a`));
  });

  it('resumes after its stored checkpoint on restart', async () => {
    const handled = await append(`${prefix}a`, 2);
    const first = runner();
    await first.start();
    expect(await first.waitFor(projection.name, handled)).toBe(true);
    await first.stop();

    const last = await append(`${prefix}a`, 2);
    const spy = spyingFeed(feed);
    const second = runner(spy);
    await second.start();
    expect(await second.waitFor(projection.name, last)).toBe(true);
    expect(spy.resumedAfter.get(projection.name)).toEqual([handled]);
    expect(await ledger()).toEqual(await positionsOf(`${prefix}a`));
  });

  it('rolls back a failed event and resubscribes from the stored checkpoint after a backoff', async () => {
    const [, second] = [await append(`${prefix}a`), await append(`${prefix}a`)];
    let failuresLeft = 2;
    projection.beforeCommit = async (event) => {
      if (event.position === second && failuresLeft-- > 0) throw new Error('database hiccup');
    };
    const running = runner();
    await running.start();
    const last = await append(`${prefix}a`);

    expect(await running.waitFor(projection.name, last, 5000)).toBe(true);
    expect(await ledger()).toEqual(await positionsOf(`${prefix}a`));
    // The first failure rolls back the batch of both events; the second is the event's own
    // transaction after the first event went alone, and that one fails the subscription.
    expect(logger.errors).toHaveLength(1);
    expect(logger.errors[0]).toMatch(/resubscribing in 10 ms: database hiccup/);
  });

  it('backs off longer after each failure in a row, up to a bound', async () => {
    const failing: EventFeed = {
      subscribe: (): FeedSubscription => ({
        done: Promise.reject(new Error('no connection')),
        stop: async () => undefined,
        caughtUpTo: async () => false,
      }),
    };
    const running = runner(failing);
    await running.start();
    const mine = () => logger.errors.filter((m) => m.startsWith(`${projection.name}:`));
    await waitUntil(() => mine().length >= 6);
    await running.stop();
    const delays = mine().map((m) => Number(/in (\d+) ms/.exec(m)![1]));
    expect(delays.slice(0, 6)).toEqual([10, 20, 40, 50, 50, 50]);
  });

  it('waitFor: true once caught up, also for a position that does not concern the projection', async () => {
    const running = runner();
    await running.start();
    const mine = await append(`${prefix}a`);
    expect(await running.waitFor(projection.name, mine)).toBe(true);
    expect(await ledger()).toEqual([mine]);

    const unrelated = await append(`elsewhere${prefix}`);
    expect(await running.waitFor(projection.name, unrelated, 2000)).toBe(true);
    expect(await running.position(projection.name)).toBe(mine);
  });

  it('waitFor: false at the timeout while the projection is behind', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    projection.beforeCommit = () => held;
    const running = runner();
    await running.start();
    const position = await append(`${prefix}a`);

    const started = Date.now();
    expect(await running.waitFor(projection.name, position, 200)).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    release();
    expect(await running.waitFor(projection.name, position)).toBe(true);
  });

  it('applies each event once when two instances run the same projection', async () => {
    const [one, two] = [runner(), runner()];
    await Promise.all([one.start(), two.start()]);
    const writes = Array.from({ length: 20 }, (_, i) => append(`${prefix}${i % 4}`));
    const last = (await Promise.all(writes)).reduce((a, b) => (a > b ? a : b));
    expect(await one.waitFor(projection.name, last, 5000)).toBe(true);
    expect(await two.waitFor(projection.name, last, 5000)).toBe(true);
    const rows = await ledger();
    expect(rows).toHaveLength(20);
    expect(new Set(rows).size).toBe(20);
  });
});
