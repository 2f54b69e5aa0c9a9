import type { Actor } from '@warranty/eventsourcing';
import { ApiProblem, maySee } from '@warranty/platform';
import type { RegisteredProduct } from '../domain/product.state';

/**
 * The shared access rule on the unit's parties. No repair orders are known on the command side
 * yet, so a service center sees no unit here; another tenant's unit answers 404.
 */
export const canSee = (actor: Actor, product: RegisteredProduct): boolean => maySee(actor, product);

export function productNotFound(productId: string): ApiProblem {
  return new ApiProblem(
    404,
    'product-not-found',
    'Not found',
    `No registered product ${productId}.`,
  );
}

export const productNotYetExisting = (productId: string, asOf: Date) =>
  new ApiProblem(
    404,
    'not-yet-existing',
    'Not found',
    `Product ${productId} was not registered yet at ${asOf.toISOString()}.`,
  );

export function forbidden(detail: string): ApiProblem {
  return new ApiProblem(403, 'forbidden', 'Forbidden', detail);
}
