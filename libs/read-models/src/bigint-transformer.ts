import type { ValueTransformer } from 'typeorm';

/** pg returns bigint columns as strings; positions are bigint in memory. */
export const bigintTransformer: ValueTransformer = {
  to: (value: bigint | null | undefined) => (value == null ? value : value.toString()),
  from: (value: string | null) => (value == null ? null : BigInt(value)),
};
