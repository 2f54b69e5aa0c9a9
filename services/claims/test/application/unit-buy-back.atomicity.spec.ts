import { randomUUID } from 'node:crypto';
import {
  type EventStore,
  PostgresEventStore,
  type RecordedEvent,
  StreamNotFoundError,
} from '@warranty/event-store';
import {
  type CommandContext,
  DomainError,
  FixedClock,
  uuidGenerator,
} from '@warranty/eventsourcing';
import { createTestDatabase, type TestDatabase } from '@warranty/testing';
import {
  CrashingStore,
  crashPoints,
  InjectedCrash,
  lastAppendWritten,
} from '@warranty/testing/crashing-store';
import { type ClaimAction, ClaimActions } from '../../src/application/claim-actions.service';
import { ClaimFiling, type ClaimFilingInput } from '../../src/application/claim-filing.service';
import { ClaimStreams } from '../../src/application/claim-streams';
import { UnitBuyBacks } from '../../src/application/unit-buy-backs';
import { UnitRegistry } from '../../src/application/unit-registry';
import { claimIndexStream } from '../../src/domain/claim-index';

/** The unit's claim index (the reservation), then the claim (ClaimApproved). */
const APPENDS_PER_APPROVAL = 2;

describe('Approving a refund: one buy-back per unit, at every crash point', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  const clock = new FixedClock(new Date('2026-06-15T10:00:00.000Z'));
  const retailer: CommandContext = {
    actor: { id: 'key-1', role: 'retailer', tenantId: 'acme-retail' },
    correlationId: 'corr-1',
  };
  const maker: CommandContext = {
    actor: { id: 'key-2', role: 'manufacturer', tenantId: 'acme-appliances' },
    correlationId: 'corr-2',
  };

  beforeAll(async () => {
    database = await createTestDatabase('buybackcrash');
    store = await PostgresEventStore.connect({ connectionString: database.url });
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  const actionsOn = (eventStore: EventStore) => {
    const streams = new ClaimStreams(eventStore, clock, uuidGenerator);
    const buyBacks = new UnitBuyBacks(streams, new UnitRegistry(eventStore), eventStore);
    return new ClaimActions(streams, eventStore, buyBacks);
  };

  /** A claim on a receipt (no registration to read), filed and under review. */
  async function underReview(serialNumber: string, category: string): Promise<string> {
    const streams = new ClaimStreams(store, clock, uuidGenerator);
    const input: ClaimFilingInput = {
      manufacturerId: 'acme-appliances',
      serialNumber,
      model: 'WM-9000',
      productCategory: 'washing_machine',
      failureDate: '2026-06-01',
      defect: { category, description: 'Stops mid-cycle' },
      evidence: [],
      customer: { name: 'Ada', email: `${category}-${serialNumber}@example.com` },
      requestedResolution: 'refund',
      proofOfPurchase: { date: '2026-02-01', retailerId: 'acme-retail', reference: 'INV-1' },
    };
    const filed = await new ClaimFiling(streams, new UnitRegistry(store), store).file(
      input,
      retailer,
    );
    const claimId = (filed.state as { claimId: string }).claimId;
    await actionsOn(store).act(claimId, { type: 'StartReview' }, maker);
    return claimId;
  }

  const refund = (amount = 50_001): ClaimAction => ({
    type: 'ApproveClaim',
    resolution: 'refund',
    approvedAmount: { amount, currency: 'EUR' },
    goodwill: false,
    notes: '',
  });

  async function eventsOf(streamId: string): Promise<RecordedEvent[]> {
    try {
      return await store.readStream(streamId);
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
  }
  const reservations = async (serialNumber: string) =>
    (await eventsOf(claimIndexStream('acme-appliances', serialNumber)))
      .filter((e) => e.type === 'BuyBackReserved')
      .map((e) => [e.data.claimId, e.data.takenOverFrom]);
  const approvals = async (claimId: string) =>
    (await eventsOf(`claim-${claimId}`)).filter((e) => e.type === 'ClaimApproved').length;
  const refusal = (error: unknown) =>
    error instanceof DomainError ? { code: error.code, ...error.details } : error;

  it.each(crashPoints(APPENDS_PER_APPROVAL))(
    'converges on one approval after a crash with $healthy healthy appends ($crash) and a retry',
    async ({ healthy, crash }) => {
      const serialNumber = `BB-${healthy}-${crash}-${randomUUID().slice(0, 8)}`.toUpperCase();
      const first = await underReview(serialNumber, 'electrical');
      const second = await underReview(serialNumber, 'mechanical');
      const keyed = { ...maker, commandId: `approve-${first}` };

      const crashed = await actionsOn(new CrashingStore(store, healthy, crash))
        .act(first, refund(), keyed)
        .catch((error: unknown) => error);
      // Once ClaimApproved is written the approval answers with it, never an error.
      if (lastAppendWritten({ healthy, crash }, APPENDS_PER_APPROVAL))
        expect(crashed).not.toBeInstanceOf(Error);
      else expect(crashed).toBeInstanceOf(InjectedCrash);
      const retried = await actionsOn(store).act(first, refund(), keyed);
      const again = await actionsOn(store).act(first, refund(), keyed);

      expect(retried.state).toMatchObject({ status: 'approved' });
      expect(again.revision).toBe(retried.revision);
      expect(await approvals(first)).toBe(1);
      expect(await reservations(serialNumber)).toEqual([[first, null]]);
      // The unit is bought back: a second claim's refund is refused, naming the first.
      const refused = await actionsOn(store)
        .act(second, refund(129_900), maker)
        .catch((error: unknown) => error);
      expect(refusal(refused)).toMatchObject({
        code: 'unit-already-refunded',
        otherClaimId: first,
      });
      expect(await approvals(second)).toBe(0);
    },
  );

  it('refuses another claim while an approval is in flight, and takes over once that claim approves a repair instead', async () => {
    const serialNumber = `BB-FLIGHT-${randomUUID().slice(0, 8)}`.toUpperCase();
    const first = await underReview(serialNumber, 'electrical');
    const second = await underReview(serialNumber, 'mechanical');
    // The approval crashed after its reservation: ClaimApproved was never written.
    await actionsOn(new CrashingStore(store, 1, 'before_write'))
      .act(first, refund(), maker)
      .catch(() => undefined);
    expect(await reservations(serialNumber)).toEqual([[first, null]]);

    const meanwhile = await actionsOn(store)
      .act(second, refund(), maker)
      .catch((error: unknown) => error);
    expect(refusal(meanwhile)).toMatchObject({
      code: 'unit-already-refunded',
      otherClaimId: first,
    });

    await actionsOn(store).act(
      first,
      {
        type: 'ApproveClaim',
        resolution: 'repair',
        approvedAmount: null,
        goodwill: false,
        notes: '',
      },
      maker,
    );
    await actionsOn(store).act(second, refund(), maker);
    expect(await reservations(serialNumber)).toEqual([
      [first, null],
      [second, first],
    ]);
    expect(await approvals(second)).toBe(1);
  });

  it('lets one of two simultaneous refund approvals on one unit through', async () => {
    const serialNumber = `BB-RACE-${randomUUID().slice(0, 8)}`.toUpperCase();
    const claims = [
      await underReview(serialNumber, 'electrical'),
      await underReview(serialNumber, 'mechanical'),
    ];
    const answers = await Promise.allSettled(
      claims.map((claimId) => actionsOn(store).act(claimId, refund(), maker)),
    );
    expect(answers.map((a) => a.status).sort()).toEqual(['fulfilled', 'rejected']);
    const winner = claims[answers.findIndex((a) => a.status === 'fulfilled')];
    const loser = answers.find((a): a is PromiseRejectedResult => a.status === 'rejected')!;
    expect(refusal(loser.reason)).toMatchObject({
      code: 'unit-already-refunded',
      otherClaimId: winner,
    });
    expect(await reservations(serialNumber)).toEqual([[winner, null]]);
  });
});
