export { normalizeSerialNumber, productIdFor } from '@warranty/coverage';

export const PRODUCT_CATEGORY = 'product';
export const WARRANTY_PLAN_CATEGORY = 'warrantyplan';

export const productStream = (productId: string): string => `${PRODUCT_CATEGORY}-${productId}`;

export const warrantyPlanStream = (manufacturerId: string, code: string): string =>
  `${WARRANTY_PLAN_CATEGORY}-${manufacturerId}~${code}`;
