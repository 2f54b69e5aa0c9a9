import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { type EventStore, PostgresEventStore, StreamNotFoundError } from '@warranty/event-store';
import { type CommandContext, FixedClock, uuidGenerator } from '@warranty/eventsourcing';
import { createTestDatabase, type TestDatabase } from '@warranty/testing';
import {
  CrashingStore,
  crashPoints,
  InjectedCrash,
  lastAppendWritten,
} from '@warranty/testing/crashing-store';
import { ClaimFiling, type ClaimFilingInput } from '../../src/application/claim-filing.service';
import { ClaimStreams } from '../../src/application/claim-streams';
import { UnitRegistry } from '../../src/application/unit-registry';
import { claimIndexStream } from '../../src/domain/claim-index';
import { claimantStream } from '../../src/domain/claimant-history';

/** Index, claimant history, claim: the streams one filing writes. */
const APPENDS_PER_FILING = 3;

describe('Filing a claim at every crash point', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let sql: Client;
  const clock = new FixedClock(new Date('2026-06-15T10:00:00.000Z'));
  const context: CommandContext = {
    actor: { id: 'key-1', role: 'retailer', tenantId: 'acme-retail' },
    correlationId: 'corr-1',
  };
  const bright: CommandContext = {
    actor: { id: 'key-2', role: 'retailer', tenantId: 'bright-electronics' },
    correlationId: 'corr-2',
  };

  beforeAll(async () => {
    database = await createTestDatabase('claimcrash');
    store = await PostgresEventStore.connect({ connectionString: database.url });
    sql = new Client({ connectionString: database.url });
    await sql.connect();
  });
  afterAll(async () => {
    await sql?.end();
    await store?.close();
    await database?.drop();
  });

  const filingOn = (eventStore: EventStore) =>
    new ClaimFiling(
      new ClaimStreams(eventStore, clock, uuidGenerator),
      new UnitRegistry(eventStore),
      eventStore,
    );

  const input = (serialNumber: string, email: string): ClaimFilingInput => ({
    manufacturerId: 'acme-appliances',
    serialNumber,
    model: 'WM-9000',
    productCategory: 'washing_machine',
    failureDate: '2026-06-01',
    defect: { category: 'electrical', description: 'Drum stops mid-cycle' },
    evidence: [],
    customer: { name: 'Ada', email },
    requestedResolution: 'repair',
    proofOfPurchase: { date: '2026-02-01', retailerId: 'acme-retail', reference: 'INV-1' },
  });

  async function eventsOf(streamId: string) {
    try {
      return await store.readStream(streamId);
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
  }

  it.each(crashPoints(APPENDS_PER_FILING))(
    'converges on one claim after a crash with $healthy healthy appends ($crash) and a retry',
    async ({ healthy, crash }) => {
      const serialNumber = `CRASH-${healthy}-${crash}-${randomUUID().slice(0, 8)}`.toUpperCase();
      const email = `${serialNumber}@example.com`;
      const key = `pos-sale-${serialNumber}`;
      // Another retailer's open claim for the same defect: ours must be flagged once, for the manufacturer.
      const theirs = await filingOn(store).file(input(serialNumber, `other-${email}`), bright);

      const first = await filingOn(new CrashingStore(store, healthy, crash))
        .file(input(serialNumber, email), context, { idempotencyKey: key })
        .catch((error: unknown) => error);
      // Once ClaimFiled is written the filing answers with the claim, never an error.
      const claimFiledWritten = lastAppendWritten({ healthy, crash }, APPENDS_PER_FILING);
      if (claimFiledWritten) expect(first).not.toBeInstanceOf(Error);
      else expect(first).toBeInstanceOf(InjectedCrash);
      const retried = await filingOn(store).file(input(serialNumber, email), context, {
        idempotencyKey: key,
      });
      const again = await filingOn(store).file(input(serialNumber, email), context, {
        idempotencyKey: key,
      });

      const claimId = (retried.state as { claimId: string }).claimId;
      expect((again.state as { claimId: string }).claimId).toBe(claimId);
      // Straight from the table: the feed may hold back behind other suites' open transactions.
      const filed = await sql.query(
        `SELECT stream_id, position FROM event_store.events WHERE type = 'ClaimFiled' AND data->>'serialNumber' = $1 AND data->>'retailerId' = 'acme-retail'`,
        [serialNumber],
      );
      expect(filed.rows.map((r) => r.stream_id)).toEqual([`claim-${claimId}`]);
      // A retry's receipt carries the position, so the caller can read its own write.
      expect(again.position?.toString()).toBe(String(filed.rows[0].position));

      const index = await eventsOf(claimIndexStream('acme-appliances', serialNumber));
      expect(index.map((e) => [e.type, (e.data as { claimId: string }).claimId])).toEqual([
        ['ClaimIndexed', (theirs.state as { claimId: string }).claimId],
        ['ClaimIndexed', claimId],
      ]);
      expect(index[1].data).toMatchObject({ unitFlags: ['open_claim_on_unit'] });
      expect(retried.state).toMatchObject({ filing: { flags: [] } });
      const history = await eventsOf(claimantStream('acme-appliances', email));
      expect(history.map((e) => (e.data as { claimId: string }).claimId)).toEqual([claimId]);
    },
  );

  it('derives the claim id from the tenant and the key, and a random one without a key', async () => {
    const serialNumber = `DERIVED-${randomUUID().slice(0, 8)}`.toUpperCase();
    const idOf = (r: { state: unknown }) => (r.state as { claimId: string }).claimId;
    const keyed = await filingOn(store).file(input(serialNumber, 'k@example.com'), context, {
      idempotencyKey: 'same-key',
    });
    const sameKey = await filingOn(store).file(input(serialNumber, 'k@example.com'), context, {
      idempotencyKey: 'same-key',
    });
    const otherTenant = await filingOn(store).file(
      input(`${serialNumber}-B`, 'k@example.com'),
      { ...context, actor: { ...context.actor, tenantId: 'bright-electronics' } },
      { idempotencyKey: 'same-key' },
    );
    const keyless = await Promise.all(
      ['C', 'D'].map((s) =>
        filingOn(store).file(input(`${serialNumber}-${s}`, 'k@example.com'), context),
      ),
    );
    expect(idOf(sameKey)).toBe(idOf(keyed));
    expect(idOf(keyed)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    const ids = [keyed, otherTenant, ...keyless].map(idOf);
    expect(new Set(ids).size).toBe(4);
  });
});
