import { fold, IllegalStateError } from '@warranty/eventsourcing';
import { deciderSpecification } from '@warranty/testing';
import type { ProductEvent } from '../../src/domain/events';
import type {
  EndReplacedRegistration,
  RegisterReplacement,
} from '../../src/domain/product.commands';
import { productDecider } from '../../src/domain/product.decider';
import {
  cancelled,
  personalPlan,
  productId,
  productRegistered,
  replacedBy,
  transferredToBob,
  voided,
  warrantyExtended,
} from './fixtures';

const spec = deciderSpecification(productDecider);

const replacing = (history: ProductEvent[], serialNumber = 'rep-1'): RegisterReplacement => ({
  type: 'RegisterReplacement',
  manufacturerId: 'acme',
  serialNumber,
  original: fold(productDecider, history),
  registeredAt: '2027-06-02T08:00:00.000Z',
});

describe('RegisterReplacement', () => {
  it("registers the replacement on the original's sale, owner, plan kinds and end date", () => {
    const original = [productRegistered(), warrantyExtended()];
    const registered = productRegistered();
    spec
      .given([])
      .when(replacing(original))
      .then([
        {
          type: 'ProductRegistered',
          data: {
            ...registered.data,
            productId: 'acme~REP-1',
            serialNumber: 'REP-1',
            plan: { ...registered.data.plan, coverage: ['parts', 'labor', 'accidental_damage'] },
            coverageEnd: warrantyExtended().data.newEnd,
            registeredAt: '2027-06-02T08:00:00.000Z',
            replacesProductId: registered.data.productId,
          },
        },
      ]);
  });

  it('refuses a replacement serial that is already registered, naming it', () => {
    spec
      .given([productRegistered({ productId: 'acme~REP-1', serialNumber: 'REP-1' })])
      .when(replacing([productRegistered()]))
      .thenThrows(IllegalStateError, (e: IllegalStateError) =>
        expect(e.code).toBe('replacement-already-registered'),
      );
  });

  it('refuses a replacement serial whose registration was cancelled: a unit is registered once', () => {
    const refunded = { ...cancelled, data: { ...cancelled.data, productId: 'acme~REP-1' } };
    spec
      .given([productRegistered({ productId: 'acme~REP-1', serialNumber: 'REP-1' }), refunded])
      .when(replacing([productRegistered()]))
      .thenThrows(IllegalStateError, (e: IllegalStateError) => {
        expect(e.code).toBe('replacement-registration-cancelled');
        expect(e.message).toContain('returned_for_refund');
      });
  });

  it('refuses when the original was never registered or has no coverage left', () => {
    spec
      .given([])
      .when(replacing([]))
      .thenThrows(IllegalStateError, (e: IllegalStateError) =>
        expect(e.code).toBe('original-not-registered'),
      );
    spec
      .given([])
      .when(replacing([productRegistered(), voided]))
      .thenThrows(IllegalStateError, (e: IllegalStateError) =>
        expect(e.code).toBe('original-not-covered'),
      );
  });

  it("registers the replacement whose exchange already ended the original's registration", () => {
    const registered = productRegistered();
    spec
      .given([])
      .when(replacing([registered, replacedBy('acme~REP-1')]))
      .then([
        expect.objectContaining({
          type: 'ProductRegistered',
          data: expect.objectContaining({
            productId: 'acme~REP-1',
            coverageEnd: registered.data.coverageEnd,
            replacesProductId: productId,
          }),
        }),
      ]);
  });

  it('refuses a second replacement for an original another exchange replaced, naming it', () => {
    spec
      .given([])
      .when(replacing([productRegistered(), replacedBy('acme~REP-1')], 'rep-2'))
      .thenThrows(IllegalStateError, (e: IllegalStateError) => {
        expect(e.code).toBe('original-already-replaced');
        expect(e.message).toContain('acme~REP-1');
      });
  });
});

describe('EndReplacedRegistration', () => {
  const ending = (replacementProductId = 'acme~REP-1'): EndReplacedRegistration => ({
    type: 'EndReplacedRegistration',
    productId,
    replacementProductId,
    endedBy: 'acme',
    endedAt: '2027-06-02T08:00:00.000Z',
  });

  it("ends the original's registration naming its replacement", () => {
    spec
      .given([productRegistered()])
      .when(ending())
      .then([replacedBy('acme~REP-1')]);
  });

  it('changes nothing when the same replacement ends it again (a retry)', () => {
    spec
      .given([productRegistered(), replacedBy('acme~REP-1')])
      .when(ending())
      .then([]);
  });

  it('refuses another replacement once one was registered for the unit', () => {
    spec
      .given([productRegistered(), replacedBy('acme~REP-1')])
      .when(ending('acme~REP-2'))
      .thenThrows(IllegalStateError, (e: IllegalStateError) =>
        expect(e.code).toBe('original-already-replaced'),
      );
  });

  it('refuses an original that was never registered or has no coverage to hand on', () => {
    spec
      .given([])
      .when(ending())
      .thenThrows(IllegalStateError, (e: IllegalStateError) =>
        expect(e.code).toBe('original-not-registered'),
      );
    for (const ended of [voided, cancelled])
      spec
        .given([productRegistered(), ended])
        .when(ending())
        .thenThrows(IllegalStateError, (e: IllegalStateError) =>
          expect(e.code).toBe('original-not-covered'),
        );
    spec
      .given([
        productRegistered({ plan: personalPlan }),
        { ...transferredToBob, data: { ...transferredToBob.data, coverageEndedOn: '2026-06-01' } },
      ])
      .when(ending())
      .thenThrows(IllegalStateError, (e: IllegalStateError) =>
        expect(e.code).toBe('original-not-covered'),
      );
  });
});
