import type { CoverageKind } from '@warranty/coverage';
import type { Money, Owner, PlanTerms, RegistrationCancelled, WarrantyVoided } from './events';
import type { ProductState } from './product.state';
import type { DefinedPlan } from './warranty-plan.decider';

/** Timestamps (`...At`) are ISO 8601 instants from the caller's clock; the decider never reads one. */

export interface RegisterProduct {
  type: 'RegisterProduct';
  manufacturerId: string;
  /** As entered; the decider normalizes it. */
  serialNumber: string;
  model: string;
  category: string;
  /** YYYY-MM-DD */
  purchaseDate: string;
  retailerId: string;
  price: Money;
  owner: Owner;
  /** The manufacturer's plan terms as they stand today. */
  plan: PlanTerms;
  registeredAt: string;
}

/** An exchange shipped a replacement: it is registered with what is left of the original's coverage. */
export interface RegisterReplacement {
  type: 'RegisterReplacement';
  manufacturerId: string;
  /** The replacement's serial, as the exchange recorded it. */
  serialNumber: string;
  /** The replaced unit as its own stream folds it. */
  original: ProductState;
  registeredAt: string;
}

/** The exchange's replacement takes over the original's coverage: the original's registration ends. */
export interface EndReplacedRegistration {
  type: 'EndReplacedRegistration';
  productId: string;
  replacementProductId: string;
  endedBy: string;
  endedAt: string;
}

/** An extension sold under a plan of the unit's manufacturer; its terms are the plan's. */
export interface ExtendWarranty {
  type: 'ExtendWarranty';
  productId: string;
  planCode: string;
  /** The manufacturer's plan of that code as defined; null when it has none. */
  plan: DefinedPlan | null;
  /** The caller's statement of the plan's months, if any: it must be the plan's. */
  extraMonths?: number;
  /** The caller's statement of the plan's coverage kinds, if any: they must be the plan's. */
  coverage?: CoverageKind[];
  contractReference: string;
  extendedAt: string;
}

export interface TransferOwnership {
  type: 'TransferOwnership';
  productId: string;
  newOwner: Owner;
  /** YYYY-MM-DD */
  transferDate: string;
  requestedAt: string;
}

export interface VoidWarranty {
  type: 'VoidWarranty';
  productId: string;
  reason: WarrantyVoided['data']['reason'];
  notes: string;
  voidedBy: string;
  voidedAt: string;
}

export interface CancelRegistration {
  type: 'CancelRegistration';
  productId: string;
  reason: RegistrationCancelled['data']['reason'];
  notes: string;
  cancelledBy: string;
  cancelledAt: string;
}

export type ProductCommand =
  | RegisterProduct
  | RegisterReplacement
  | EndReplacedRegistration
  | ExtendWarranty
  | TransferOwnership
  | VoidWarranty
  | CancelRegistration;
