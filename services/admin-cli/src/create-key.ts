import { type ApiKeys, type IssuedKey, UnknownTenantError } from '@warranty/platform';

export interface CreateKeyOptions {
  role: string;
  /** An existing tenant. */
  tenant?: string;
  /** A tenant to create; refused when it exists, so a typo never makes a second tenant. */
  newTenant?: string;
  label: string;
}

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
    return keys.create(options.newTenant, options.role, options.label, { createTenant: true });
  }
  const tenant = options.tenant as string;
  try {
    return await keys.create(tenant, options.role, options.label, { createTenant: false });
  } catch (error) {
    if (!(error instanceof UnknownTenantError)) throw error;
    const listing = known.length ? known.join(', ') : '(none yet)';
    throw new Error(
      `Unknown tenant ${tenant}. Known tenants: ${listing}. To create it, use --new-tenant ${tenant}.`,
    );
  }
}
