import { randomUUID } from 'node:crypto';
import { PostgresEventFeed, PostgresEventStore, type RecordedEvent } from '@warranty/event-store';
import { waitUntil } from '@warranty/testing';
import { DataSource } from 'typeorm';
import { type Projection, ProjectionRunner } from '../src';
import { ledgerWorld, type LedgerWorld } from './ledger-projection';

describe('ProjectionRunner upcast option', () => {
  let store: PostgresEventStore;
  let feed: PostgresEventFeed;
  let dataSource: DataSource;

  let world: LedgerWorld;

  beforeAll(async () => {
    world = await ledgerWorld('upcast', 200);
    ({ store, feed, dataSource } = world);
  });
  afterAll(() => world?.dispose());

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
