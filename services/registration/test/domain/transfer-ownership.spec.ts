import { fold, IllegalStateError, RuleViolationError } from '@warranty/eventsourcing';
import { deciderSpecification } from '@warranty/testing';
import type { OwnershipTransferred } from '../../src/domain/events';
import type { TransferOwnership } from '../../src/domain/product.commands';
import { productDecider } from '../../src/domain/product.decider';
import {
  alice,
  bob,
  cancelled,
  personalPlan,
  productId,
  productRegistered,
  transferredToBob,
  voided,
} from './fixtures';

const spec = deciderSpecification(productDecider);

const carol = { ...bob, customerId: 'cust-carol', name: 'Carol Diaz' };

function transferTo(overrides: Partial<TransferOwnership> = {}): TransferOwnership {
  return {
    type: 'TransferOwnership',
    productId,
    newOwner: bob,
    transferDate: '2026-06-01',
    requestedAt: '2026-06-02T10:00:00.000Z',
    ...overrides,
  };
}

const personalUnit = productRegistered({ plan: personalPlan, coverageEnd: '2027-01-09' });

function transferred(data: Partial<OwnershipTransferred['data']>): OwnershipTransferred {
  return { type: 'OwnershipTransferred', data: { ...transferredToBob.data, ...data } };
}

describe('TransferOwnership', () => {
  it('moves a transferable plan to the new owner with its coverage', () => {
    spec.given([productRegistered()]).when(transferTo()).then([transferredToBob]);
    expect(fold(productDecider, [productRegistered(), transferredToBob])).toMatchObject({
      owner: bob,
      coverageEndedOn: null,
      coverageEnd: '2028-01-09',
    });
  });

  it('ends a non-transferable plan on the transfer date', () => {
    spec
      .given([personalUnit])
      .when(transferTo())
      .then([transferred({ coverageEndedOn: '2026-06-01' })]);
  });

  it('keeps the first end date when a non-transferable unit changes owner again', () => {
    const first = transferred({ coverageEndedOn: '2026-06-01' });
    const second = transferred({
      previousOwner: bob,
      newOwner: carol,
      transferDate: '2026-08-01',
      coverageEndedOn: '2026-06-01',
    });
    spec
      .given([personalUnit, first])
      .when(
        transferTo({
          newOwner: carol,
          transferDate: '2026-08-01',
          requestedAt: '2026-08-01T00:00:00Z',
        }),
      )
      .then([second]);
    expect(fold(productDecider, [personalUnit, first, second])).toMatchObject({
      owner: carol,
      coverageEndedOn: '2026-06-01',
      lastTransferDate: '2026-08-01',
    });
  });

  it('transfers on the purchase date and while the warranty is void', () => {
    spec
      .given([productRegistered(), voided])
      .when(transferTo({ transferDate: '2026-01-10' }))
      .then([transferred({ transferDate: '2026-01-10' })]);
  });

  it('refuses a cancelled registration', () => {
    spec
      .given([productRegistered(), cancelled])
      .when(transferTo())
      .thenThrows<IllegalStateError>(IllegalStateError, (e) => {
        expect(e.state).toBe('cancelled');
        expect(e.code).toBe('registration-cancelled');
      });
  });

  it('refuses the current owner', () => {
    spec
      .given([productRegistered()])
      .when(transferTo({ newOwner: { ...alice, email: 'new@example.com' } }))
      .thenThrows<RuleViolationError>(RuleViolationError, (e) => {
        expect(e.code).toBe('same-owner');
        expect(e.details).toEqual({ field: 'newOwner.customerId' });
      });
  });

  it.each([
    ['transfer-date-before-purchase', [], { transferDate: '2026-01-09' }],
    ['transfer-date-in-future', [], { transferDate: '2026-06-03' }],
    ['invalid-date', [], { transferDate: '2026-13-01' }],
    [
      'transfer-date-before-previous-transfer',
      [transferredToBob],
      { transferDate: '2026-05-31', newOwner: carol },
    ],
  ] as const)('refuses %s', (code, history, overrides) => {
    spec
      .given([productRegistered(), ...history])
      .when(transferTo(overrides))
      .thenThrows<RuleViolationError>(RuleViolationError, (e) => expect(e.code).toBe(code));
  });
});
