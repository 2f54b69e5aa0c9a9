import type { CoverageKind } from '@warranty/coverage';
import type { Money, Owner, PlanTerms, RegistrationCancelled, WarrantyVoided } from './events';
import type { ProductState } from './product.state';

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

export interface ExtendWarranty {
  type: 'ExtendWarranty';
  productId: string;
  planCode: string;
  extraMonths: number;
  /** Coverage kinds the extension adds; may be empty when it only adds time. */
  coverage: CoverageKind[];
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
