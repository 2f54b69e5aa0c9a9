import { randomUUID } from 'node:crypto';
import { PostgresEventFeed, PostgresEventStore } from '@warranty/event-store';
import { waitUntil } from '@warranty/testing';
import { DataSource } from 'typeorm';
import { ProjectionRunner } from '../src';
import {
  LedgerProjection,
  RecordingLogger,
  ledgerWorld,
  type LedgerWorld,
} from './ledger-projection';

describe('ProjectionRunner parks a stream whose event keeps failing', () => {
  let store: PostgresEventStore;
  let feed: PostgresEventFeed;
  let dataSource: DataSource;
  let prefix: string;
  let projection: LedgerProjection;
  const runners: ProjectionRunner[] = [];

  let world: LedgerWorld;

  beforeAll(async () => {
    world = await ledgerWorld('parking', 100);
    ({ store, feed, dataSource } = world);
  });
  afterAll(() => world?.dispose());
  beforeEach(() => {
    prefix = `p${randomUUID().slice(0, 8)}-`;
    projection = new LedgerProjection(`ledger-${prefix}`, prefix);
  });
  afterEach(async () => {
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
  const append = async (stream: string, n = 0) =>
    (await store.append(stream, [{ type: 'Noted', data: { n } }], 'any')).position;
  const ledgerOf = async (stream: string) => {
    const positions = new Set((await store.readStream(stream)).map((e) => e.position.toString()));
    const rows = await dataSource.query<{ position: string }[]>(
      'SELECT position FROM ledger WHERE projection = $1 ORDER BY position',
      [projection.name],
    );
    return rows.map((r) => r.position).filter((p) => positions.has(p));
  };
  let broken: string;
  const throwOnBrokenStream = () => {
    broken = `${prefix}broken`;
    projection.beforeCommit = async (event) => {
      if (event.streamId === broken) throw new Error('date/time field value out of range');
    };
  };

  it('parks the failing event and holds the rest of its stream, while other streams flow', async () => {
    throwOnBrokenStream();
    const running = runner();
    await running.start();
    const bad = await append(broken, 1);
    const held = await append(broken, 2);
    const good = await append(`${prefix}good`);

    expect(await running.waitFor(projection.name, good, 10_000)).toBe(true);
    expect(await ledgerOf(`${prefix}good`)).toEqual([good.toString()]);
    expect(await ledgerOf(broken)).toEqual([]);
    const [status] = await running.status();
    expect(status).toMatchObject({ name: projection.name, position: good, lag: 0n });
    expect(status.parked).toEqual([
      expect.objectContaining({
        streamId: broken,
        revision: 0,
        position: bad,
        eventType: 'Noted',
        attempts: 3,
        heldBehind: 1,
        error: expect.stringContaining('date/time field value out of range'),
      }),
    ]);
    expect(await running.parkedCount()).toBe(1);

    // The next event of the parked stream is held too, not applied out of order.
    const later = await append(broken, 3);
    expect(await running.waitFor(projection.name, later)).toBe(true);
    expect(await ledgerOf(broken)).toEqual([]);
    expect((await running.status())[0].parked[0].heldBehind).toBe(2);
    expect(held).toBeLessThan(later);
  });

  it('stays parked across a restart, and a re-drive after the fix applies the stream in order', async () => {
    throwOnBrokenStream();
    const first = runner();
    await first.start();
    await append(broken, 1);
    const last = await append(broken, 2);
    expect(await first.waitFor(projection.name, last, 10_000)).toBe(true);
    await first.stop();

    const second = runner();
    await second.start();
    const other = await append(`${prefix}other`);
    expect(await second.waitFor(projection.name, other)).toBe(true);
    expect(await ledgerOf(broken)).toEqual([]);
    expect((await second.status())[0].parked).toHaveLength(1);

    const stillBroken = await second.redrive(projection.name, broken);
    expect(stillBroken).toMatchObject({ applied: 0, stillParked: { attempts: 4 } });

    projection.beforeCommit = async () => undefined;
    expect(await second.redrive(projection.name, broken)).toEqual({ applied: 2 });
    const positions = (await store.readStream(broken)).map((e) => e.position.toString());
    expect(await ledgerOf(broken)).toEqual(positions);
    expect((await second.status())[0].parked).toEqual([]);
    expect(await second.redrive(projection.name, broken)).toBeUndefined();

    const after = await append(broken, 3);
    expect(await second.waitFor(projection.name, after)).toBe(true);
    await waitUntil(async () => (await ledgerOf(broken)).length === 3);
  });
});
