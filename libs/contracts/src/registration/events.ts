import type { CoverageKind } from '@warranty/coverage';
import type { DomainEvent } from '@warranty/eventsourcing';

export { COVERAGE_KINDS, type CoverageKind } from '@warranty/coverage';

export interface Money {
  /** Integer minor units (cents). */
  amount: number;
  /** ISO 4217 code. */
  currency: string;
}

export interface Owner {
  customerId: string;
  name: string;
  email: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
}

/** The plan's terms as they stood at registration; later plan edits do not change a sold unit. */
export interface PlanTerms {
  code: string;
  months: number;
  coverage: CoverageKind[];
  transferable: boolean;
}

export type ProductRegistered = DomainEvent<
  'ProductRegistered',
  {
    productId: string;
    manufacturerId: string;
    serialNumber: string;
    model: string;
    category: string;
    /** YYYY-MM-DD */
    purchaseDate: string;
    retailerId: string;
    price: Money;
    owner: Owner;
    plan: PlanTerms;
    /** YYYY-MM-DD, inclusive. */
    coverageStart: string;
    coverageEnd: string;
    registeredAt: string;
    /**
     * v2: the unit this one replaced in an exchange (its coverage carried over); null for a sale.
     * Optional for writers; the decoder gives v1 events null.
     */
    replacesProductId?: string | null;
  }
>;

/** v2 (current). v1, written before extensions could add coverage kinds, had no `coverage`. */
export type WarrantyExtended = DomainEvent<
  'WarrantyExtended',
  {
    productId: string;
    planCode: string;
    extraMonths: number;
    /** Coverage kinds the extension adds. */
    coverage: CoverageKind[];
    contractReference: string;
    previousEnd: string;
    newEnd: string;
    extendedAt: string;
  }
>;

export type OwnershipTransferred = DomainEvent<
  'OwnershipTransferred',
  {
    productId: string;
    previousOwner: Owner;
    newOwner: Owner;
    transferDate: string;
    /** Set when the plan is not transferable: coverage ended on the transfer date. */
    coverageEndedOn: string | null;
  }
>;

export type WarrantyVoided = DomainEvent<
  'WarrantyVoided',
  {
    productId: string;
    reason: 'tampering' | 'unauthorized_repair' | 'other';
    notes: string;
    voidedBy: string;
    voidedAt: string;
  }
>;

export type RegistrationCancelled = DomainEvent<
  'RegistrationCancelled',
  {
    productId: string;
    /** `replaced`: an exchange shipped a replacement, which carries the coverage on. */
    reason: 'returned_for_refund' | 'registered_in_error' | 'replaced';
    notes: string;
    cancelledBy: string;
    cancelledAt: string;
    /** The unit that replaced this one; only with reason `replaced` (absent on older events). */
    replacedByProductId?: string;
  }
>;

export type ProductEvent =
  | ProductRegistered
  | WarrantyExtended
  | OwnershipTransferred
  | WarrantyVoided
  | RegistrationCancelled;

export type WarrantyPlanDefined = DomainEvent<
  'WarrantyPlanDefined',
  {
    manufacturerId: string;
    code: string;
    name: string;
    months: number;
    coverage: CoverageKind[];
    transferable: boolean;
    /** Extension plans are sold on top of a base warranty. */
    kind: 'base' | 'extension';
    /** v2: a replacement ships before the faulty unit comes back (SPEC 2.3); v1 plans: false. */
    advanceExchange: boolean;
    definedAt: string;
  }
>;

export type WarrantyPlanEvent = WarrantyPlanDefined;
