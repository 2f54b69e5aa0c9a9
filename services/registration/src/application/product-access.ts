import type { Actor } from '@warranty/eventsourcing';
import { ApiProblem } from '@warranty/platform';
import type { RegisteredProduct } from '../domain/product.state';

/** Another tenant's unit answers 404, so its existence does not leak. */
export function canSee(actor: Actor, product: RegisteredProduct): boolean {
  switch (actor.role) {
    case 'retailer':
      return product.retailerId === actor.tenantId;
    case 'manufacturer':
      return product.manufacturerId === actor.tenantId;
    case 'auditor':
    case 'admin':
      return true;
    default:
      return false;
  }
}

export function productNotFound(productId: string): ApiProblem {
  return new ApiProblem(
    404,
    'product-not-found',
    'Not found',
    `No registered product ${productId}.`,
  );
}

export function forbidden(detail: string): ApiProblem {
  return new ApiProblem(403, 'forbidden', 'Forbidden', detail);
}
