import { fold, IllegalStateError, RuleViolationError } from '@warranty/eventsourcing';
import { deciderSpecification } from '@warranty/testing';
import type { CancelRegistration, VoidWarranty } from '../../src/domain/product.commands';
import { productDecider } from '../../src/domain/product.decider';
import { cancelled, productId, productRegistered, transferredToBob, voided } from './fixtures';

const spec = deciderSpecification(productDecider);

const voidWarranty: VoidWarranty = { type: 'VoidWarranty', ...voided.data };
const cancelRegistration: CancelRegistration = { type: 'CancelRegistration', ...cancelled.data };

describe('VoidWarranty', () => {
  it('voids an active warranty, also after it expired', () => {
    spec.given([productRegistered()]).when(voidWarranty).then([voided]);
    spec
      .given([productRegistered({ coverageEnd: '2026-02-01' })])
      .when(voidWarranty)
      .then([voided]);
    expect(fold(productDecider, [productRegistered(), voided])).toMatchObject({
      status: 'voided',
      voided: { reason: 'tampering', voidedBy: 'inspector-7' },
    });
  });

  it.each([
    ['voided', 'warranty-already-voided', [voided]],
    ['cancelled', 'registration-cancelled', [cancelled]],
  ] as const)('refuses a %s unit', (state, code, history) => {
    spec
      .given([productRegistered(), ...history])
      .when(voidWarranty)
      .thenThrows<IllegalStateError>(IllegalStateError, (e) => {
        expect(e.state).toBe(state);
        expect(e.code).toBe(code);
        expect(e.details).toEqual({ state });
      });
  });

  it('refuses an unknown reason', () => {
    spec
      .given([productRegistered()])
      .when({ ...voidWarranty, reason: 'dropped' as never })
      .thenThrows<RuleViolationError>(RuleViolationError, (e) =>
        expect(e.code).toBe('invalid-reason'),
      );
  });
});

describe('CancelRegistration', () => {
  it.each([
    ['active', []],
    ['voided', [voided]],
    ['transferred', [transferredToBob]],
  ] as const)('cancels a %s registration', (_label, history) => {
    spec
      .given([productRegistered(), ...history])
      .when(cancelRegistration)
      .then([cancelled]);
  });

  it('records who cancelled and why', () => {
    expect(fold(productDecider, [productRegistered(), voided, cancelled])).toMatchObject({
      status: 'cancelled',
      voided: { reason: 'tampering' },
      cancelled: { reason: 'returned_for_refund', cancelledBy: 'shop-1' },
    });
  });

  it('refuses a second cancellation', () => {
    spec
      .given([productRegistered(), cancelled])
      .when(cancelRegistration)
      .thenThrows<IllegalStateError>(IllegalStateError, (e) => {
        expect(e.state).toBe('cancelled');
        expect(e.code).toBe('registration-cancelled');
      });
  });

  it('refuses an unknown reason', () => {
    spec
      .given([productRegistered()])
      .when({ ...cancelRegistration, reason: 'changed_mind' as never, productId })
      .thenThrows<RuleViolationError>(RuleViolationError, (e) =>
        expect(e.code).toBe('invalid-reason'),
      );
  });
});
