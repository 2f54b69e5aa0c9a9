import { registrationEvents, unitCoverageFacts } from '@warranty/contracts/registration';
import { PostgresEventStore } from '@warranty/event-store';
import { CommandHandler, FixedClock, uuidGenerator } from '@warranty/eventsourcing';
import { createTestDatabase, type TestDatabase } from '@warranty/testing';
import { productStream } from '../../src/domain/serial-number';
import type { ProductEvent } from '../../src/domain/events';
import { productDecider } from '../../src/domain/product.decider';
import type { RegisteredProduct } from '../../src/domain/product.state';
import { extendWarranty, productId, productRegistered, warrantyExtended } from '../domain/fixtures';

const actor = { id: 'test', role: 'system', tenantId: 'acme' } as const;
const context = { actor, correlationId: 'c-1' };

// A v1 WarrantyExtended, as written before extensions carried coverage kinds.
const { coverage: _kinds, ...v1Data } = warrantyExtended().data;

describe('a stored v1 WarrantyExtended still replays (registration upcasters)', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    database = await createTestDatabase('upcast');
    store = await PostgresEventStore.connect({ connectionString: database.url });
    const registered = productRegistered();
    await store.append(
      productStream(productId),
      [
        { type: registered.type, data: registered.data, metadata: { schemaVersion: 1 } },
        { type: 'WarrantyExtended', data: v1Data, metadata: { schemaVersion: 1 } },
      ],
      'no_stream',
    );
  });

  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  const handler = () =>
    new CommandHandler(store, productDecider, new FixedClock(), uuidGenerator, {
      tenants: () => ({ manufacturer: 'acme' }),
      schemaVersion: registrationEvents.schemaVersion,
      upcast: (recorded) => registrationEvents.decode<ProductEvent>(recorded),
    });

  it('folds on the command side, and the next extension is written as v2', async () => {
    const result = await handler().handle(
      productStream(productId),
      extendWarranty({ extendedAt: '2028-06-01T10:00:00.000Z', contractReference: 'CTR-2' }),
      context,
    );
    const state = result.state as RegisteredProduct;
    expect(state.extensions).toHaveLength(2);
    expect(state.coverage).toEqual(expect.arrayContaining(['accidental_damage']));
    const stored = await store.readStream(productStream(productId));
    expect(stored.map((e) => e.metadata.schemaVersion)).toEqual([1, 1, 2]);
    expect(registrationEvents.decode(stored[1]).data).toMatchObject({ coverage: [] });
  });

  it('folds into the published unit facts another context reads', async () => {
    const stored = await store.readStream(productStream(productId));
    const facts = unitCoverageFacts(stored.map((e) => registrationEvents.decode<ProductEvent>(e)));
    expect(facts?.coverage.coverageEnd).toBe(stored.at(-1)?.data.newEnd);
    expect(facts?.coverage.coverage).toEqual(
      expect.arrayContaining([...productRegistered().data.plan.coverage, 'accidental_damage']),
    );
  });
});
