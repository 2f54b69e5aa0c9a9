import { Client, type Pool } from 'pg';
import { type EventStore, PostgresEventStore } from '@warranty/event-store';
import { type CommandContext, FixedClock, uuidGenerator } from '@warranty/eventsourcing';
import { createPool } from '@warranty/platform/database';
import { createTestDatabase, type TestDatabase } from '@warranty/testing';
import { DurableTimers } from '@warranty/timers';
import {
  CrashingStore,
  crashPoints,
  InjectedCrash,
  lastAppendWritten,
} from '@warranty/testing/crashing-store';
import { ApprovedClaims } from '../../src/application/approved-claims';
import { RmaAuthorization, type RmaRequest } from '../../src/application/rma-authorization.service';
import { RmaDeadlines, rmaExpiryTimerId } from '../../src/application/rma-deadlines';
import { RmaStreams } from '../../src/application/rma-streams';
import { ABANDONED_UNIT_ENTRY_MS, RmaUnits } from '../../src/application/rma-units';
import { SoldUnits } from '../../src/application/sold-units';

/** The unit's index, the counter, the expiry timer, then the RMA: the streams one authorization writes. */
const APPENDS_PER_AUTHORIZATION = 4;

describe('Authorizing an RMA at every crash point', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let sql: Client;
  let pool: Pool;
  const clock = new FixedClock(new Date('2026-06-15T10:00:00.000Z'));
  const context: CommandContext = {
    actor: { id: 'key-1', role: 'manufacturer', tenantId: 'acme-appliances' },
    correlationId: 'corr-1',
  };

  beforeAll(async () => {
    database = await createTestDatabase('rmacrash');
    store = await PostgresEventStore.connect({ connectionString: database.url });
    sql = new Client({ connectionString: database.url });
    await sql.connect();
    pool = createPool(database.url, 4);
  });
  afterAll(async () => {
    await pool?.end();
    await sql?.end();
    await store?.close();
    await database?.drop();
  });

  const authorizationOn = async (eventStore: EventStore) => {
    const streams = new RmaStreams(eventStore, clock, uuidGenerator);
    return new RmaAuthorization(
      streams,
      new SoldUnits(eventStore),
      new ApprovedClaims(eventStore),
      new RmaDeadlines(
        await DurableTimers.create({ pool, store: eventStore, clock, ids: uuidGenerator }),
      ),
      new RmaUnits(streams, eventStore),
    );
  };

  const request = (...serialNumbers: string[]): RmaRequest => ({
    type: 'exchange',
    manufacturerId: 'acme-appliances',
    retailerId: 'acme-retail',
    lines: serialNumbers.map((serialNumber) => ({
      serialNumber,
      price: { amount: 1000, currency: 'EUR' },
    })),
    shipTo: { locationId: 'leeds', name: 'Depot', address: '1 Dock Road' },
    shippingLabel: { carrier: 'DHL', trackingNumber: 'LBL-1' },
  });

  it.each(crashPoints(APPENDS_PER_AUTHORIZATION))(
    'converges on one RMA and one number after a crash with $healthy healthy appends ($crash) and a retry',
    async ({ healthy, crash }) => {
      const serialNumber = `CRASH-${healthy}-${crash}`.toUpperCase();
      const key = `rma-${serialNumber}`;
      const first = await (
        await authorizationOn(new CrashingStore(store, healthy, crash))
      )
        .authorize(request(serialNumber), context, { idempotencyKey: key })
        .catch((error: unknown) => error);
      // Once RmaAuthorized is written the authorization answers with the RMA, never an error.
      const written = lastAppendWritten({ healthy, crash }, APPENDS_PER_AUTHORIZATION);
      if (written) expect(first).not.toBeInstanceOf(Error);
      else expect(first).toBeInstanceOf(InjectedCrash);
      const retried = await (
        await authorizationOn(store)
      ).authorize(request(serialNumber), context, {
        idempotencyKey: key,
      });
      const again = await (
        await authorizationOn(store)
      ).authorize(request(serialNumber), context, {
        idempotencyKey: key,
      });
      const rma = retried.state as { rmaId: string; rmaNumber: string };
      expect(again.state).toMatchObject({ rmaId: rma.rmaId, rmaNumber: rma.rmaNumber });

      const authorized = await sql.query(
        `SELECT stream_id, data->>'rmaNumber' AS number FROM event_store.events
          WHERE type = 'RmaAuthorized' AND data->'lines'->0->>'serialNumber' = $1`,
        [serialNumber],
      );
      expect(authorized.rows).toEqual([{ stream_id: `rma-${rma.rmaId}`, number: rma.rmaNumber }]);
      const reserved = await sql.query(
        `SELECT data->>'rmaNumber' AS number FROM event_store.events
          WHERE type = 'RmaNumberReserved' AND data->>'rmaId' = $1`,
        [rma.rmaId],
      );
      expect(reserved.rows).toEqual([{ number: rma.rmaNumber }]);
      const expiry = await sql.query(
        `SELECT e.type, d.status FROM event_store.events e JOIN timers.due d ON d.timer_id = $1
          WHERE e.stream_id = $2`,
        [rmaExpiryTimerId(rma.rmaId), `timer-${rmaExpiryTimerId(rma.rmaId)}`],
      );
      expect(expiry.rows).toEqual([{ type: 'TimerScheduled', status: 'scheduled' }]);
      expect(await unitEntries(serialNumber)).toEqual([rma.rmaId]);
    },
  );

  /** The RMA ids the unit's index names, oldest first. */
  const unitEntries = async (serialNumber: string) =>
    (
      await sql.query(`SELECT data->>'rmaId' AS rma_id FROM event_store.events
          WHERE stream_id = 'rmaunit-acme-appliances~${serialNumber}' ORDER BY revision`)
    ).rows.map((r) => r.rma_id);
  const writtenFor = async (rmaId: string) =>
    (
      await sql.query(
        `SELECT type FROM event_store.events WHERE data->>'rmaId' = $1 OR stream_id = $2`,
        [rmaId, `rma-${rmaId}`],
      )
    ).rows.map((r) => r.type);

  it('refuses a unit on another open RMA with a 409 before writing anything for the new RMA', async () => {
    const held = await (
      await authorizationOn(store)
    ).authorize(request('HELD-1'), context, { idempotencyKey: 'held-1' });
    const attempt = () =>
      authorizationOn(store).then((authorization) =>
        authorization
          .authorize(request('FREE-1', 'HELD-1'), context, { idempotencyKey: 'held-2' })
          .catch((error: unknown) => error),
      );
    const refused = await attempt();
    expect(refused).toMatchObject({
      status: 409,
      code: 'unit-on-open-rma',
      extensions: { rmaId: (held.state as { rmaId: string }).rmaId },
    });
    // The free line was not taken either, and no number was burned.
    expect(await unitEntries('FREE-1')).toEqual([]);
    expect(await attempt()).toMatchObject({ status: 409, code: 'unit-on-open-rma' });
    const authorized = await sql.query(
      `SELECT 1 FROM event_store.events
        WHERE type = 'RmaAuthorized' AND data->'lines'->0->>'serialNumber' = 'FREE-1'`,
    );
    expect(authorized.rows).toEqual([]);
  });

  it('takes over the unit of an authorization that crashed before its RMA, once it is abandoned', async () => {
    const crashed = await (
      await authorizationOn(new CrashingStore(store, 0, 'after_write'))
    )
      .authorize(request('ABANDONED-1'), context, { idempotencyKey: 'abandoned-1' })
      .catch((error: unknown) => error);
    expect(crashed).toBeInstanceOf(InjectedCrash);
    const [crashedId] = await unitEntries('ABANDONED-1');
    expect(await writtenFor(crashedId)).toEqual(['UnitTakenByRma']);
    const other = () =>
      authorizationOn(store).then((authorization) =>
        authorization.authorize(request('ABANDONED-1'), context, { idempotencyKey: 'abandoned-2' }),
      );
    // Young, it may still be an authorization in flight: it holds the unit.
    await expect(other()).rejects.toMatchObject({
      status: 409,
      extensions: { rmaId: crashedId, rmaNumber: null },
    });
    const later = Date.now() + ABANDONED_UNIT_ENTRY_MS + 1_000;
    const now = jest.spyOn(Date, 'now').mockReturnValue(later);
    try {
      const taken = await other();
      const rmaId = (taken.state as { rmaId: string }).rmaId;
      expect(await unitEntries('ABANDONED-1')).toEqual([crashedId, rmaId]);
      // The crashed request's retry finds its unit on an open RMA: it never gets authorized.
      await expect(
        (await authorizationOn(store)).authorize(request('ABANDONED-1'), context, {
          idempotencyKey: 'abandoned-1',
        }),
      ).rejects.toMatchObject({ status: 409, extensions: { rmaId } });
      expect(await writtenFor(crashedId)).toEqual(['UnitTakenByRma']);
    } finally {
      now.mockRestore();
    }
  });

  it('keeps the numbers gap-free across the crashes: every reserved number has its RMA', async () => {
    const numbers = await sql.query(
      `SELECT (data->>'sequence')::int AS sequence, data->>'rmaId' AS rma_id
         FROM event_store.events WHERE type = 'RmaNumberReserved' ORDER BY revision`,
    );
    expect(numbers.rows.map((r) => r.sequence)).toEqual(numbers.rows.map((_, i) => i + 1));
    const rmas = await sql.query(
      `SELECT stream_id FROM event_store.events WHERE type = 'RmaAuthorized'`,
    );
    expect(rmas.rows.map((r) => r.stream_id).sort()).toEqual(
      numbers.rows.map((r) => `rma-${r.rma_id}`).sort(),
    );
  });

  it('carries on numbering after a restart: a new process reads the counter from the log', async () => {
    const before = await store.readStream('rmanumbers-acme-appliances');
    const authorizeMany = (eventStore: EventStore, tag: string) =>
      Promise.all(
        Array.from({ length: 10 }, async (_, i) =>
          (await authorizationOn(eventStore)).authorize(request(`RESTART-${tag}-${i}`), context),
        ),
      );
    await authorizeMany(store, 'A');
    const restarted = await PostgresEventStore.connect({ connectionString: database.url });
    try {
      await authorizeMany(restarted, 'B');
    } finally {
      await restarted.close();
    }
    const sequences = (await store.readStream('rmanumbers-acme-appliances')).map(
      (e) => (e.data as { sequence: number }).sequence,
    );
    expect(sequences).toEqual(sequences.map((_, i) => i + 1));
    expect(sequences).toHaveLength(before.length + 20);
  });
});
