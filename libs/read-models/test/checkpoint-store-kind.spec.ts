import { randomUUID } from 'node:crypto';
import { PostgresEventFeed, PostgresEventStore } from '@warranty/event-store';
import { DataSource } from 'typeorm';
import { ProjectionRunner } from '../src';
import {
  LedgerProjection,
  RecordingLogger,
  ledgerWorld,
  type LedgerWorld,
} from './ledger-projection';

describe('projection checkpoints are tied to the event store that produced them', () => {
  let store: PostgresEventStore;
  let feed: PostgresEventFeed;
  let dataSource: DataSource;

  let world: LedgerWorld;

  beforeAll(async () => {
    world = await ledgerWorld('storekind', 200);
    ({ store, feed, dataSource } = world);
  });
  afterAll(() => world?.dispose());

  const runnerFor = (projection: LedgerProjection, storeKind: 'postgres' | 'eventstoredb') =>
    new ProjectionRunner(dataSource, feed, [projection], {
      logger: new RecordingLogger(),
      retry: { initialDelayMs: 10, maxDelayMs: 50 },
      storeKind,
    });

  it('a runner configured for EventStoreDB refuses to start on a PostgreSQL checkpoint', async () => {
    const prefix = `k${randomUUID().slice(0, 8)}-`;
    const projection = new LedgerProjection(`ledger-${prefix}`, prefix);
    const { position } = await store.append(`${prefix}a`, [{ type: 'Noted', data: {} }], 'any');
    const onPostgres = runnerFor(projection, 'postgres');
    await onPostgres.start();
    expect(await onPostgres.waitFor(projection.name, position)).toBe(true);
    await onPostgres.stop();

    const onEventStoreDb = runnerFor(projection, 'eventstoredb');
    const started = onEventStoreDb.start().finally(() => onEventStoreDb.stop());
    await expect(started).rejects.toThrow(
      new RegExp(`${projection.name}.*postgres.*eventstoredb.*rebuild`, 'i'),
    );
    // Nothing was handled with the foreign checkpoint.
    const [{ stored }] = await dataSource.query<{ stored: string }[]>(
      'SELECT store_kind AS stored FROM projection_checkpoints WHERE name = $1',
      [projection.name],
    );
    expect(stored).toBe('postgres');
  });

  it('the same store kind resumes from its checkpoint', async () => {
    const prefix = `k${randomUUID().slice(0, 8)}-`;
    const projection = new LedgerProjection(`ledger-${prefix}`, prefix);
    const first = await store.append(`${prefix}a`, [{ type: 'Noted', data: {} }], 'any');
    const runner = runnerFor(projection, 'postgres');
    await runner.start();
    expect(await runner.waitFor(projection.name, first.position)).toBe(true);
    await runner.stop();

    const again = runnerFor(projection, 'postgres');
    await again.start();
    const second = await store.append(`${prefix}a`, [{ type: 'Noted', data: {} }], 'any');
    expect(await again.waitFor(projection.name, second.position)).toBe(true);
    await again.stop();
  });

  it('a checkpoint written before store kinds were recorded is claimed by the running store', async () => {
    const prefix = `k${randomUUID().slice(0, 8)}-`;
    const projection = new LedgerProjection(`ledger-${prefix}`, prefix);
    await dataSource.query(
      `INSERT INTO projection_checkpoints (name, position, store_kind) VALUES ($1, 0, NULL)`,
      [projection.name],
    );
    const runner = runnerFor(projection, 'postgres');
    await runner.start();
    await runner.stop();
    const [{ stored }] = await dataSource.query<{ stored: string }[]>(
      'SELECT store_kind AS stored FROM projection_checkpoints WHERE name = $1',
      [projection.name],
    );
    expect(stored).toBe('postgres');
  });
});
