export { normalizeSerialNumber, productIdFor } from '@warranty/coverage';

export const productStream = (productId: string): string => `product-${productId}`;
