import { fold, IllegalStateError } from '@warranty/eventsourcing';
import { deciderSpecification } from '@warranty/testing';
import type { ProductEvent } from '../../src/domain/events';
import type { RegisterReplacement } from '../../src/domain/product.commands';
import { productDecider } from '../../src/domain/product.decider';
import { productRegistered, voided, warrantyExtended } from './fixtures';

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
});
