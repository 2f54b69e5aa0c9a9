import { COVERAGE_KINDS, type CoverageFacts, type CoverageKind } from '@warranty/coverage';
import type { ProductEvent } from './events';

/** What another context may know about a registered unit: its identity and its coverage facts. */
export interface RegisteredUnitFacts {
  productId: string;
  manufacturerId: string;
  /** The retailer that sold the unit: the only retailer that may see it. */
  retailerId: string;
  model: string;
  category: string;
  /** YYYY-MM-DD */
  purchaseDate: string;
  coverage: CoverageFacts;
}

const union = (a: CoverageKind[], b: CoverageKind[]): CoverageKind[] =>
  COVERAGE_KINDS.filter((kind) => a.includes(kind) || b.includes(kind));

function evolve(unit: RegisteredUnitFacts | null, event: ProductEvent): RegisteredUnitFacts | null {
  if (event.type === 'ProductRegistered') {
    const d = event.data;
    return {
      productId: d.productId,
      manufacturerId: d.manufacturerId,
      retailerId: d.retailerId,
      model: d.model,
      category: d.category,
      purchaseDate: d.purchaseDate,
      coverage: {
        status: 'active',
        coverageStart: d.coverageStart,
        coverageEnd: d.coverageEnd,
        coverage: [...d.plan.coverage],
        coverageEndedOn: null,
        planCode: d.plan.code,
        replacedByProductId: null,
      },
    };
  }
  if (!unit) return unit;
  const c = unit.coverage;
  switch (event.type) {
    case 'WarrantyExtended':
      return {
        ...unit,
        coverage: {
          ...c,
          coverageEnd: event.data.newEnd,
          coverage: union(c.coverage, event.data.coverage),
        },
      };
    case 'OwnershipTransferred':
      return {
        ...unit,
        coverage: { ...c, coverageEndedOn: c.coverageEndedOn ?? event.data.coverageEndedOn },
      };
    case 'WarrantyVoided':
      return { ...unit, coverage: { ...c, status: 'voided' } };
    case 'RegistrationCancelled':
      return {
        ...unit,
        coverage: {
          ...c,
          status: 'cancelled',
          replacedByProductId: event.data.replacedByProductId ?? null,
        },
      };
  }
}

/** Folds a product stream's published events (decoded) into the unit's facts; null if unregistered. */
export function unitCoverageFacts(events: Iterable<ProductEvent>): RegisteredUnitFacts | null {
  let unit: RegisteredUnitFacts | null = null;
  for (const event of events) unit = evolve(unit, event);
  return unit;
}
