import { addDays, COVERAGE_KINDS } from '@warranty/coverage';
import { unitCoverageFacts } from '@warranty/contracts/registration';
import { DomainError } from '@warranty/eventsourcing';
import fc from 'fast-check';
import type { ProductEvent } from '../../src/domain/events';
import type { ProductCommand } from '../../src/domain/product.commands';
import { productDecider, toCoverageFacts } from '../../src/domain/product.decider';
import type { ProductState } from '../../src/domain/product.state';

const productId = 'acme~SN-1';
const day = fc.integer({ min: 0, max: 1500 }).map((n) => addDays('2025-12-01', n));
const instant = day.map((d) => `${d}T12:00:00.000Z`);
const kinds = fc.subarray([...COVERAGE_KINDS]);
const owner = fc.constantFrom('c1', 'c2', 'c3').map((customerId) => ({
  customerId,
  name: customerId,
  email: `${customerId}@example.com`,
  country: 'FR',
}));
const months = fc.integer({ min: -1, max: 130 });

// Registered a few days before or after the purchase, so most runs get past registration.
const register = fc
  .tuple(
    fc.record({
      type: fc.constant('RegisterProduct' as const),
      manufacturerId: fc.constant('acme'),
      serialNumber: fc.constant('sn-1'),
      model: fc.constant('M'),
      category: fc.constant('oven'),
      purchaseDate: day,
      retailerId: fc.constant('shop'),
      price: fc.constant({ amount: 1000, currency: 'EUR' }),
      owner,
      plan: fc.record({
        code: fc.constant('P'),
        months,
        coverage: kinds,
        transferable: fc.boolean(),
      }),
    }),
    fc.integer({ min: -3, max: 400 }),
  )
  .map(([registration, lag]): ProductCommand => ({
    ...registration,
    registeredAt: `${addDays(registration.purchaseDate, lag)}T12:00:00.000Z`,
  }));

const command: fc.Arbitrary<ProductCommand> = fc.oneof(
  register,
  fc.record({
    type: fc.constant('ExtendWarranty' as const),
    productId: fc.constant(productId),
    planCode: fc.constant('E'),
    // Mostly a defined extension plan, with the terms left out, so that many extensions land.
    plan: fc.option(
      fc.record({
        code: fc.constant('E'),
        months: fc.integer({ min: 1, max: 120 }),
        coverage: kinds.filter((chosen) => chosen.length > 0),
        transferable: fc.boolean(),
        kind: fc.constantFrom('extension' as const, 'extension' as const, 'base' as const),
      }),
      { freq: 8 },
    ),
    extraMonths: fc.option(months, { nil: undefined, freq: 2 }),
    coverage: fc.option(kinds, { nil: undefined, freq: 2 }),
    contractReference: fc.constantFrom('K1', 'K2', 'K3', 'K4'),
    extendedAt: instant,
  }),
  fc.record({
    type: fc.constant('TransferOwnership' as const),
    productId: fc.constant(productId),
    newOwner: owner,
    transferDate: day,
    requestedAt: instant,
  }),
  fc.record({
    type: fc.constant('VoidWarranty' as const),
    productId: fc.constant(productId),
    reason: fc.constantFrom('tampering' as const, 'unauthorized_repair' as const),
    notes: fc.constant(''),
    voidedBy: fc.constant('inspector'),
    voidedAt: instant,
  }),
  fc.record({
    type: fc.constant('CancelRegistration' as const),
    productId: fc.constant(productId),
    reason: fc.constantFrom('returned_for_refund' as const, 'registered_in_error' as const),
    notes: fc.constant(''),
    cancelledBy: fc.constant('shop'),
    cancelledAt: instant,
  }),
);

const history = fc
  .tuple(register, fc.array(command, { maxLength: 40 }))
  .map(([first, rest]) => [first, ...rest]);

/** Runs commands as the handler would: refused commands write nothing. */
function run(commands: ProductCommand[]): { log: ProductEvent[]; states: ProductState[] } {
  const log: ProductEvent[] = [];
  const states: ProductState[] = [];
  let state = productDecider.initialState;
  for (const next of commands) {
    try {
      for (const event of productDecider.decide(next, state)) {
        log.push(event);
        state = productDecider.evolve(state, event);
        states.push(state);
      }
    } catch (error) {
      // Anything but a DomainError would surface as a 500.
      if (!(error instanceof DomainError)) throw error;
    }
  }
  return { log, states };
}

describe('product decider properties', () => {
  it('writes nothing after a cancellation and never ends coverage before it starts', () => {
    fc.assert(
      fc.property(history, (commands) => {
        const { log, states } = run(commands);
        const cancelledAt = log.findIndex((e) => e.type === 'RegistrationCancelled');
        expect(cancelledAt === -1 || cancelledAt === log.length - 1).toBe(true);
        for (const state of states)
          if (state.status !== 'unregistered')
            expect(state.coverageEnd >= state.coverageStart).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('never moves the coverage end earlier', () => {
    fc.assert(
      fc.property(history, (commands) => {
        const ends = run(commands)
          .states.filter((s) => s.status !== 'unregistered')
          .map((s) => s.coverageEnd);
        for (let i = 1; i < ends.length; i++) expect(ends[i] >= ends[i - 1]).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with the published unit facts fold that other contexts read', () => {
    fc.assert(
      fc.property(history, (commands) => {
        const { log, states } = run(commands);
        const state = states.at(-1) ?? productDecider.initialState;
        const published = unitCoverageFacts(log);
        expect(published?.coverage ?? null).toEqual(toCoverageFacts(state));
        if (state.status !== 'unregistered')
          expect(published).toMatchObject({
            productId: state.productId,
            model: state.model,
            category: state.category,
            purchaseDate: state.purchaseDate,
          });
      }),
      { numRuns: 300 },
    );
  });
});
