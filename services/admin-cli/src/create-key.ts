import {
  type ApiKeys,
  checkRequestRate,
  type IssuedKey,
  UnknownTenantError,
} from '@warranty/platform';

export interface CreateKeyOptions {
  role: string;
  /** An existing tenant. */
  tenant?: string;
  /** A tenant to create; refused when it exists, so a typo never makes a second tenant. */
  newTenant?: string;
  label: string;
  /** Its own requests a minute; null or absent: the default. */
  requestsPerMinute?: number | null;
}

/** `--rate` and `keys rate`: a whole number of requests a minute, checked as the store will. */
export function requestRate(text: string): number {
  const perMinute = /^\d+$/.test(text) ? Number(text) : NaN;
  checkRequestRate(perMinute);
  return perMinute;
}

export const rateOf = (perMinute: number | null): string =>
  perMinute === null ? 'default rate' : `${perMinute}/min`;

/** `keys create`: a key for exactly one of an existing tenant (--tenant) or a new one (--new-tenant). */
export async function createKey(keys: ApiKeys, options: CreateKeyOptions): Promise<IssuedKey> {
  if ((options.tenant === undefined) === (options.newTenant === undefined))
    throw new Error('Give exactly one of --tenant <existing tenant> or --new-tenant <id>.');
  const known = await keys.tenantIds();
  if (options.newTenant !== undefined) {
    if (known.includes(options.newTenant))
      throw new Error(
        `Tenant ${options.newTenant} already exists: use --tenant ${options.newTenant}.`,
      );
    return keys.create(options.newTenant, options.role, options.label, {
      createTenant: true,
      requestsPerMinute: options.requestsPerMinute,
    });
  }
  const tenant = options.tenant as string;
  try {
    return await keys.create(tenant, options.role, options.label, {
      createTenant: false,
      requestsPerMinute: options.requestsPerMinute,
    });
  } catch (error) {
    if (!(error instanceof UnknownTenantError)) throw error;
    const listing = known.length ? known.join(', ') : '(none yet)';
    throw new Error(
      `Unknown tenant ${tenant}. Known tenants: ${listing}. To create it, use --new-tenant ${tenant}.`,
    );
  }
}
