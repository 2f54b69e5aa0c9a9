import type { CoverageKind } from '@warranty/coverage';
import type {
  Money,
  Owner,
  PlanTerms,
  RegistrationCancelled,
  WarrantyExtended,
  WarrantyVoided,
} from './events';

export type ProductStatus = 'unregistered' | 'active' | 'voided' | 'cancelled';

export type Extension = Omit<WarrantyExtended['data'], 'productId'>;
export type Voiding = Omit<WarrantyVoided['data'], 'productId'>;
export type Cancellation = Omit<RegistrationCancelled['data'], 'productId'>;

export interface UnregisteredProduct {
  status: 'unregistered';
}

export interface RegisteredProduct {
  status: Exclude<ProductStatus, 'unregistered'>;
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
  /** YYYY-MM-DD, inclusive; moves later with each extension. */
  coverageEnd: string;
  /** The plan's kinds plus every extension's. */
  coverage: CoverageKind[];
  /** Set when a non-transferable plan's unit changed owner: not covered from that day on. */
  coverageEndedOn: string | null;
  lastTransferDate: string | null;
  extensions: Extension[];
  voided: Voiding | null;
  cancelled: Cancellation | null;
  registeredAt: string;
  /** The unit this one replaced in an exchange; null for a sale. */
  replacesProductId: string | null;
}

export type ProductState = UnregisteredProduct | RegisteredProduct;

export const unregisteredProduct: ProductState = { status: 'unregistered' };
