import {
  AggregateNotFoundError,
  IllegalStateError,
  RuleViolationError,
} from '@warranty/eventsourcing';
import { deciderSpecification } from '@warranty/testing';
import type { ProductCommand } from '../../src/domain/product.commands';
import { productDecider } from '../../src/domain/product.decider';
import { cancelled, productRegistered, registerProduct, standardPlan, voided } from './fixtures';

const spec = deciderSpecification(productDecider);

describe('RegisterProduct', () => {
  it('registers a unit with coverage from the purchase date for the plan months', () => {
    spec.given([]).when(registerProduct()).then([productRegistered()]);
  });

  it('ends coverage on the last day of the term, clamped to the month end', () => {
    spec
      .given([])
      .when(
        registerProduct({
          purchaseDate: '2024-02-29',
          registeredAt: '2024-03-01T00:00:00Z',
          plan: { ...standardPlan, months: 12 },
        }),
      )
      .then([
        productRegistered({
          purchaseDate: '2024-02-29',
          coverageStart: '2024-02-29',
          coverageEnd: '2025-02-27',
          registeredAt: '2024-03-01T00:00:00Z',
          plan: { ...standardPlan, months: 12 },
        }),
      ]);
  });

  it('accepts a purchase on the registration day itself', () => {
    const [event] = productDecider.decide(
      registerProduct({ purchaseDate: '2026-01-15' }),
      productDecider.initialState,
    );
    expect(event.data).toMatchObject({ coverageStart: '2026-01-15', coverageEnd: '2028-01-14' });
  });

  it.each([
    ['active', [productRegistered()]],
    ['voided', [productRegistered(), voided]],
    ['cancelled', [productRegistered(), cancelled]],
  ] as const)('refuses a unit that is already %s', (state, given) => {
    spec
      .given([...given])
      .when(registerProduct())
      .thenThrows<IllegalStateError>(IllegalStateError, (e) => {
        expect(e.state).toBe(state);
        expect(e.code).toBe(
          state === 'cancelled' ? 'registration-cancelled' : 'already-registered',
        );
      });
  });

  it('refuses a purchase date after the registration day', () => {
    spec
      .given([])
      .when(registerProduct({ purchaseDate: '2026-01-16' }))
      .thenThrows<RuleViolationError>(RuleViolationError, (e) => {
        expect(e.code).toBe('purchase-date-in-future');
        expect(e.details).toEqual({ field: 'purchaseDate' });
      });
  });

  it.each([
    ['invalid-serial-number', { serialNumber: '  ' }],
    ['invalid-serial-number', { serialNumber: 'SN 001' }],
    ['invalid-date', { purchaseDate: '2026-02-30' }],
    ['invalid-price', { price: { amount: 10.5, currency: 'EUR' } }],
    ['invalid-price', { price: { amount: -1, currency: 'EUR' } }],
    ['invalid-price', { price: { amount: 100, currency: 'euro' } }],
    ['invalid-plan-code', { plan: { ...standardPlan, code: '' } }],
    ['invalid-months', { plan: { ...standardPlan, months: 0 } }],
    ['invalid-months', { plan: { ...standardPlan, months: 121 } }],
    ['coverage-empty', { plan: { ...standardPlan, coverage: [] } }],
    ['duplicate-coverage-kind', { plan: { ...standardPlan, coverage: ['parts', 'parts'] } }],
  ] as const)('refuses bad input with %s', (code, overrides) => {
    spec
      .given([])
      .when(registerProduct(overrides as never))
      .thenThrows<RuleViolationError>(RuleViolationError, (e) => expect(e.code).toBe(code));
  });
});

describe('commands on an unregistered unit', () => {
  const commands: ProductCommand[] = [
    {
      type: 'ExtendWarranty',
      productId: 'acme~X',
      planCode: 'E',
      plan: null,
      contractReference: 'c',
      extendedAt: '2026-01-01T00:00:00Z',
    },
    {
      type: 'TransferOwnership',
      productId: 'acme~X',
      newOwner: { customerId: 'c', name: 'n', email: 'e', country: 'FR' },
      transferDate: '2026-01-01',
      requestedAt: '2026-01-01T00:00:00Z',
    },
    {
      type: 'VoidWarranty',
      productId: 'acme~X',
      reason: 'other',
      notes: '',
      voidedBy: 'x',
      voidedAt: '2026-01-01T00:00:00Z',
    },
    {
      type: 'CancelRegistration',
      productId: 'acme~X',
      reason: 'registered_in_error',
      notes: '',
      cancelledBy: 'x',
      cancelledAt: '2026-01-01T00:00:00Z',
    },
  ];

  it.each(commands)('refuses $type as not found', (command) => {
    spec
      .given([])
      .when(command)
      .thenThrows<AggregateNotFoundError>(AggregateNotFoundError, (e) =>
        expect(e.streamId).toBe('product-acme~X'),
      );
  });
});
