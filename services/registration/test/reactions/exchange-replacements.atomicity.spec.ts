import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { rmaEvents, rmaStream } from '@warranty/contracts/returns';
import { type EventStore, PostgresEventStore, type RecordedEvent } from '@warranty/event-store';
import { FixedClock, uuidGenerator } from '@warranty/eventsourcing';
import { createTestDatabase, type TestDatabase } from '@warranty/testing';
import {
  CrashingStore,
  crashPoints,
  InjectedCrash,
  lastAppendWritten,
} from '@warranty/testing/crashing-store';
import { ExchangeReplacements } from '../../src/application/exchange-replacements';
import { ProductCommands } from '../../src/application/product-commands.service';
import { WarrantyPlanCommands } from '../../src/application/warranty-plan-commands.service';
import { productRegistered } from '../domain/fixtures';

/** The original's registration ends, then the replacement is registered: the streams one reaction writes. */
const APPENDS_PER_REACTION = 2;

describe('Reacting to ExchangeShipped at every crash point', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let sql: Client;
  const clock = new FixedClock(new Date('2027-06-02T08:00:00.000Z'));

  beforeAll(async () => {
    database = await createTestDatabase('replacecrash');
    store = await PostgresEventStore.connect({ connectionString: database.url });
    sql = new Client({ connectionString: database.url });
    await sql.connect();
  });
  afterAll(async () => {
    await sql?.end();
    await store?.close();
    await database?.drop();
  });

  const reactionOn = (eventStore: EventStore) =>
    new ExchangeReplacements(
      new ProductCommands(
        eventStore,
        clock,
        uuidGenerator,
        new WarrantyPlanCommands(eventStore, clock, uuidGenerator),
      ),
    );

  async function soldUnit(serialNumber: string) {
    const productId = `acme-appliances~${serialNumber}`;
    const sale = productRegistered({ productId, serialNumber, manufacturerId: 'acme-appliances' });
    await store.append(
      `product-${productId}`,
      [
        {
          id: randomUUID(),
          type: sale.type,
          data: sale.data,
          metadata: { schemaVersion: 2, tenants: { manufacturer: 'acme-appliances' } },
        },
      ],
      'no_stream',
    );
    return { productId, serialNumber };
  }

  async function exchangeShipped(
    original: { productId: string; serialNumber: string },
    replacementSerialNumber: string,
  ): Promise<RecordedEvent> {
    const rmaId = randomUUID();
    await store.append(
      rmaStream(rmaId),
      [
        {
          id: randomUUID(),
          type: 'ExchangeShipped',
          data: {
            rmaId,
            lineId: 'line-1',
            manufacturerId: 'acme-appliances',
            retailerId: 'shop-1',
            originalSerialNumber: original.serialNumber,
            originalProductId: original.productId,
            replacementSerialNumber,
            carrier: 'UPS',
            trackingNumber: 'T-1',
            advance: false,
            by: 'acme-appliances',
            at: clock.now().toISOString(),
          },
          metadata: {
            schemaVersion: rmaEvents.schemaVersion('ExchangeShipped'),
            tenants: { manufacturer: 'acme-appliances', retailer: 'shop-1' },
          },
        },
      ],
      'no_stream',
    );
    return (await store.readStream(rmaStream(rmaId)))[0];
  }

  const typesOf = async (productId: string) =>
    (
      await sql.query(
        `SELECT type, data->>'reason' AS reason, data->>'replacedByProductId' AS "replacedBy"
           FROM event_store.events WHERE stream_id = $1 ORDER BY revision`,
        [`product-${productId}`],
      )
    ).rows;

  it.each(crashPoints(APPENDS_PER_REACTION))(
    'converges on one replacement and one ended original after a crash with $healthy healthy appends ($crash) and a redelivery',
    async ({ healthy, crash }) => {
      const original = await soldUnit(`ORIG-${healthy}-${crash}`.toUpperCase());
      const replacementId = `acme-appliances~${`REP-${healthy}-${crash}`.toUpperCase()}`;
      const shipped = await exchangeShipped(original, replacementId.split('~')[1]);
      const first = await reactionOn(new CrashingStore(store, healthy, crash))
        .react(shipped)
        .catch((error: unknown) => error);
      // Once the replacement is registered the reaction answers with it, never an error.
      const written = lastAppendWritten({ healthy, crash }, APPENDS_PER_REACTION);
      if (written) expect(first).not.toBeInstanceOf(Error);
      else expect(first).toBeInstanceOf(InjectedCrash);

      const redelivered = await reactionOn(store).react(shipped);
      const again = await reactionOn(store).react(shipped);
      const registered = {
        outcome: 'registered',
        productId: replacementId,
        replacesProductId: original.productId,
      };
      expect(redelivered).toEqual(registered);
      expect(again).toEqual(registered);
      expect(await typesOf(original.productId)).toEqual([
        { type: 'ProductRegistered', reason: null, replacedBy: null },
        { type: 'RegistrationCancelled', reason: 'replaced', replacedBy: replacementId },
      ]);
      expect(await typesOf(replacementId)).toEqual([
        { type: 'ProductRegistered', reason: null, replacedBy: null },
      ]);
    },
  );

  it('covers one replacement when two exchanges of the same unit race: the other is a conflict', async () => {
    const original = await soldUnit('RACED');
    const exchanges = await Promise.all(
      ['RACE-A', 'RACE-B', 'RACE-C'].map((serial) => exchangeShipped(original, serial)),
    );
    const outcomes = await Promise.all(exchanges.map((e) => reactionOn(store).react(e)));
    const registered = outcomes.filter((o) => o.outcome === 'registered');
    expect(registered).toHaveLength(1);
    expect(outcomes.filter((o) => o.outcome === 'conflict')).toEqual([
      expect.objectContaining({ code: 'original-already-replaced' }),
      expect.objectContaining({ code: 'original-already-replaced' }),
    ]);
    const winner = registered[0].outcome === 'registered' ? registered[0].productId : '';
    expect(await typesOf(original.productId)).toEqual([
      { type: 'ProductRegistered', reason: null, replacedBy: null },
      { type: 'RegistrationCancelled', reason: 'replaced', replacedBy: winner },
    ]);
    const { rows } = await sql.query(
      `SELECT stream_id FROM event_store.events
        WHERE type = 'ProductRegistered' AND data->>'replacesProductId' = $1`,
      [original.productId],
    );
    expect(rows).toEqual([{ stream_id: `product-${winner}` }]);
  });
});
