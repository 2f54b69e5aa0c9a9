import { randomUUID } from 'node:crypto';
import { PostgresEventFeed, PostgresEventStore } from '@warranty/event-store';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { waitUntil } from '@warranty/testing/wait-until';
import { ProjectionRunner } from '../src';
import {
  LedgerProjection,
  RecordingLogger,
  ledgerWorld,
  type LedgerWorld,
} from './ledger-projection';

const original = Client.prototype.query;

describe('ProjectionRunner applies the events of one feed read in one transaction', () => {
  let store: PostgresEventStore;
  let feed: PostgresEventFeed;
  let dataSource: DataSource;
  let prefix: string;
  let projection: LedgerProjection;
  const runners: ProjectionRunner[] = [];

  let world: LedgerWorld;

  beforeAll(async () => {
    world = await ledgerWorld('batching', 100);
    ({ store, feed, dataSource } = world);
  });
  afterAll(() => world?.dispose());
  beforeEach(() => {
    prefix = `b${randomUUID().slice(0, 8)}-`;
    projection = new LedgerProjection(`ledger-${prefix}`, prefix);
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await Promise.all(runners.splice(0).map((r) => r.stop()));
  });

  const runner = () => {
    const created = new ProjectionRunner(dataSource, feed, [projection], {
      logger: new RecordingLogger(),
      retry: { initialDelayMs: 10, maxDelayMs: 20 },
      maxAttempts: 3,
      headPosition: () => store.headPosition(),
    });
    runners.push(created);
    return created;
  };
  /**
   * Until the feed may pass `position`: its bound is the cluster's oldest open transaction, so
   * another suite's transaction can cut a read short and split one batch in two.
   */
  const visible = (position: bigint) =>
    waitUntil(async () => ((await store.headPosition()) ?? -1n) >= position, {
      describe: () => `the store head to pass ${position}`,
    });
  const append = async (stream: string, n = 0) =>
    (await store.append(stream, [{ type: 'Noted', data: { n } }], 'any')).position;
  const ledger = async () =>
    (
      await dataSource.query<{ position: string }[]>(
        'SELECT position FROM ledger WHERE projection = $1 ORDER BY position',
        [projection.name],
      )
    ).map((r) => BigInt(r.position));
  const checkpoint = async () =>
    (
      await dataSource.query<{ position: string }[]>(
        'SELECT position FROM projection_checkpoints WHERE name = $1',
        [projection.name],
      )
    ).map((r) => BigInt(r.position))[0];

  /** The revision-guard statements any client sends while `during` runs. */
  const guardStatementsWhile = async (during: () => Promise<void>): Promise<string[]> => {
    const guards: string[] = [];
    const query = jest.spyOn(Client.prototype, 'query').mockImplementation(function (
      this: Client,
      ...args: unknown[]
    ) {
      const sql = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string }).text;
      if (String(sql).includes('projection_stream_revisions')) guards.push(String(sql));
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as never);
    try {
      await during();
    } finally {
      query.mockRestore();
    }
    return guards;
  };

  it('opens one transaction for forty events of four streams, with the checkpoint in it', async () => {
    const positions: bigint[] = [];
    for (let i = 0; i < 40; i++) positions.push(await append(`${prefix}s${i % 4}`, i));
    await visible(positions.at(-1)!);
    const transactions = jest.spyOn(dataSource, 'transaction');
    const committed: bigint[] = [];
    projection.beforeCommit = async (event) => {
      committed.push(event.position);
    };

    const running = runner();
    await running.start();
    expect(await running.waitFor(projection.name, positions.at(-1)!, 10_000)).toBe(true);

    expect(transactions).toHaveBeenCalledTimes(1);
    expect(await ledger()).toEqual(positions);
    expect(committed).toEqual(positions);
    expect(await checkpoint()).toBe(positions.at(-1));
  });

  it('guards a batch with two statements, skipping the events of it that were applied before', async () => {
    const streams = [0, 1, 2, 3].map((i) => `${prefix}g${i}`);
    const early: bigint[] = [];
    for (let i = 0; i < 8; i++) early.push(await append(streams[i % 4], i));
    const first = runner();
    await first.start();
    expect(await first.waitFor(projection.name, early.at(-1)!, 10_000)).toBe(true);
    await first.stop();
    // The checkpoint falls back, as after a restore: the next read brings the applied events again.
    await dataSource.query('UPDATE projection_checkpoints SET position = 0 WHERE name = $1', [
      projection.name,
    ]);
    const late: bigint[] = [];
    for (let i = 8; i < 16; i++) late.push(await append(streams[i % 4], i));
    await visible(late.at(-1)!);

    const guards = await guardStatementsWhile(async () => {
      const second = runner();
      await second.start();
      expect(await second.waitFor(projection.name, late.at(-1)!, 10_000)).toBe(true);
    });

    expect(await ledger()).toEqual([...early, ...late]);
    expect(guards).toHaveLength(2);
  });

  it('guards a batch of streams new to it with one statement, writing each guard row once', async () => {
    const streams = [0, 1, 2, 3].map((i) => `${prefix}n${i}`);
    const positions: bigint[] = [];
    for (let i = 0; i < 12; i++) positions.push(await append(streams[i % 4], i));
    await visible(positions.at(-1)!);

    const guards = await guardStatementsWhile(async () => {
      const running = runner();
      await running.start();
      expect(await running.waitFor(projection.name, positions.at(-1)!, 10_000)).toBe(true);
    });

    expect(await ledger()).toEqual(positions);
    expect(guards).toHaveLength(1);
    const rows = await dataSource.query<{ stream_id: string; revision: string }[]>(
      `SELECT stream_id, revision FROM projection_stream_revisions
        WHERE projection = $1 ORDER BY stream_id`,
      [projection.name],
    );
    expect(rows.map((row) => [row.stream_id, Number(row.revision)])).toEqual(
      streams.map((stream) => [stream, 2]),
    );
  });

  it('parks only the stream of a poison event in the middle of a batch; the others apply once', async () => {
    const broken = `${prefix}broken`;
    const a1 = await append(`${prefix}a`, 1);
    const bad = await append(broken, 2);
    const c1 = await append(`${prefix}c`, 3);
    const held = await append(broken, 4);
    const a2 = await append(`${prefix}a`, 5);
    projection.beforeCommit = async (event) => {
      if (event.streamId === broken) throw new Error('poison');
    };

    const running = runner();
    await running.start();
    expect(await running.waitFor(projection.name, a2, 10_000)).toBe(true);

    expect(await ledger()).toEqual([a1, c1, a2]);
    const [status] = await running.status();
    expect(status.parked).toEqual([
      expect.objectContaining({ streamId: broken, position: bad, attempts: 3, heldBehind: 1 }),
    ]);
    expect(held).toBeLessThan(a2);
    expect(await checkpoint()).toBe(a2);

    // Later events of the other streams still go through in batches.
    const later = [await append(`${prefix}c`, 6), await append(`${prefix}a`, 7)];
    expect(await running.waitFor(projection.name, later[1])).toBe(true);
    expect(await ledger()).toEqual([a1, c1, a2, ...later]);
  });
});
