import { COVERAGE_KINDS, type CoverageKind } from '@warranty/coverage';
import type { ProductEvent } from './events';
import type { ProductState } from './product.state';

const union = (a: CoverageKind[], b: CoverageKind[]): CoverageKind[] =>
  COVERAGE_KINDS.filter((kind) => a.includes(kind) || b.includes(kind));

export function evolveProduct(state: ProductState, event: ProductEvent): ProductState {
  if (event.type === 'ProductRegistered') {
    const { plan, ...data } = event.data;
    return {
      ...data,
      replacesProductId: data.replacesProductId ?? null,
      status: 'active',
      plan,
      coverage: [...plan.coverage],
      coverageEndedOn: null,
      lastTransferDate: null,
      extensions: [],
      voided: null,
      cancelled: null,
    };
  }
  if (state.status === 'unregistered') return state;
  switch (event.type) {
    case 'WarrantyExtended': {
      const { productId: _id, ...extension } = event.data;
      return {
        ...state,
        coverageEnd: extension.newEnd,
        coverage: union(state.coverage, extension.coverage),
        extensions: [...state.extensions, extension],
      };
    }
    case 'OwnershipTransferred':
      return {
        ...state,
        owner: event.data.newOwner,
        lastTransferDate: event.data.transferDate,
        coverageEndedOn: state.coverageEndedOn ?? event.data.coverageEndedOn,
      };
    case 'WarrantyVoided': {
      const { productId: _id, ...voided } = event.data;
      return { ...state, status: 'voided', voided };
    }
    case 'RegistrationCancelled': {
      const { productId: _id, ...cancelled } = event.data;
      return { ...state, status: 'cancelled', cancelled };
    }
  }
}
