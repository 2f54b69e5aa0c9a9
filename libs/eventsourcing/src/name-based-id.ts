import { createHash } from 'node:crypto';

/**
 * A UUID in the version-5 layout that the same namespace and name parts always give, so a
 * retried command finds the aggregate its first attempt created (SPEC 3, Idempotency-Key).
 */
export function nameBasedId(namespace: string, ...parts: string[]): string {
  const hash = createHash('sha1')
    .update([namespace, ...parts].join('\u0000'))
    .digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
