import type {
  OwnershipTransferred,
  Owner,
  RegistrationCancelled,
  WarrantyVoided,
  PlanTerms,
  ProductRegistered,
  WarrantyExtended,
} from '../../src/domain/events';
import type { ExtendWarranty, RegisterProduct } from '../../src/domain/product.commands';
import type { DefinedPlan } from '../../src/domain/warranty-plan.decider';

export const productId = 'acme~SN-001';

export const alice: Owner = {
  customerId: 'cust-alice',
  name: 'Alice Martin',
  email: 'alice@example.com',
  country: 'FR',
};

export const bob: Owner = {
  customerId: 'cust-bob',
  name: 'Bob Keller',
  email: 'bob@example.com',
  country: 'DE',
};

export const standardPlan: PlanTerms = {
  code: 'STD-24',
  months: 24,
  coverage: ['parts', 'labor'],
  transferable: true,
};

export const personalPlan: PlanTerms = {
  ...standardPlan,
  code: 'PERS-12',
  months: 12,
  transferable: false,
};

/** An extension plan of acme: a year more, with accidental damage. */
export const accidentalDamagePlan: DefinedPlan = {
  code: 'EXT-12-AD',
  months: 12,
  coverage: ['accidental_damage'],
  transferable: true,
  kind: 'extension',
};

export function registerProduct(overrides: Partial<RegisterProduct> = {}): RegisterProduct {
  return {
    type: 'RegisterProduct',
    manufacturerId: 'acme',
    serialNumber: ' sn-001 ',
    model: 'WM-9000',
    category: 'washing_machine',
    purchaseDate: '2026-01-10',
    retailerId: 'shop-1',
    price: { amount: 79_900, currency: 'EUR' },
    owner: alice,
    plan: standardPlan,
    registeredAt: '2026-01-15T09:00:00.000Z',
    ...overrides,
  };
}

export function productRegistered(
  overrides: Partial<ProductRegistered['data']> = {},
): ProductRegistered {
  return {
    type: 'ProductRegistered',
    data: {
      productId,
      manufacturerId: 'acme',
      serialNumber: 'SN-001',
      model: 'WM-9000',
      category: 'washing_machine',
      purchaseDate: '2026-01-10',
      retailerId: 'shop-1',
      price: { amount: 79_900, currency: 'EUR' },
      owner: alice,
      plan: standardPlan,
      coverageStart: '2026-01-10',
      coverageEnd: '2028-01-09',
      registeredAt: '2026-01-15T09:00:00.000Z',
      replacesProductId: null,
      ...overrides,
    },
  };
}

export function extendWarranty(overrides: Partial<ExtendWarranty> = {}): ExtendWarranty {
  return {
    type: 'ExtendWarranty',
    productId,
    planCode: 'EXT-12-AD',
    plan: accidentalDamagePlan,
    extraMonths: 12,
    coverage: ['accidental_damage'],
    contractReference: 'CTR-1',
    extendedAt: '2027-06-01T10:00:00.000Z',
    ...overrides,
  };
}

export function warrantyExtended(
  overrides: Partial<WarrantyExtended['data']> = {},
): WarrantyExtended {
  return {
    type: 'WarrantyExtended',
    data: {
      productId,
      planCode: 'EXT-12-AD',
      extraMonths: 12,
      coverage: ['accidental_damage'],
      contractReference: 'CTR-1',
      previousEnd: '2028-01-09',
      newEnd: '2029-01-09',
      extendedAt: '2027-06-01T10:00:00.000Z',
      ...overrides,
    },
  };
}

export const voided: WarrantyVoided = {
  type: 'WarrantyVoided',
  data: {
    productId,
    reason: 'tampering',
    notes: 'seal broken',
    voidedBy: 'inspector-7',
    voidedAt: '2026-05-01T08:00:00.000Z',
  },
};

export const cancelled: RegistrationCancelled = {
  type: 'RegistrationCancelled',
  data: {
    productId,
    reason: 'returned_for_refund',
    notes: '',
    cancelledBy: 'shop-1',
    cancelledAt: '2026-01-20T08:00:00.000Z',
  },
};

/** The registration ended because an exchange shipped `replacement` in its place. */
export function replacedBy(replacement: string): RegistrationCancelled {
  return {
    type: 'RegistrationCancelled',
    data: {
      productId,
      reason: 'replaced',
      notes: `Replaced by ${replacement} in an exchange`,
      cancelledBy: 'acme',
      cancelledAt: '2027-06-02T08:00:00.000Z',
      replacedByProductId: replacement,
    },
  };
}

export const transferredToBob: OwnershipTransferred = {
  type: 'OwnershipTransferred',
  data: {
    productId,
    previousOwner: alice,
    newOwner: bob,
    transferDate: '2026-06-01',
    coverageEndedOn: null,
  },
};
