import type { RegisteredProduct } from '../domain/product.state';

/** The unit as the API shows it. */
export function productView(product: RegisteredProduct) {
  return {
    productId: product.productId,
    status: product.status,
    manufacturerId: product.manufacturerId,
    serialNumber: product.serialNumber,
    model: product.model,
    category: product.category,
    purchaseDate: product.purchaseDate,
    retailerId: product.retailerId,
    price: product.price,
    owner: product.owner,
    plan: product.plan,
    coverage: {
      start: product.coverageStart,
      end: product.coverageEnd,
      kinds: product.coverage,
      endedOn: product.coverageEndedOn,
    },
    extensions: product.extensions,
    voided: product.voided,
    cancelled: product.cancelled,
    registeredAt: product.registeredAt,
    replacesProductId: product.replacesProductId,
  };
}
