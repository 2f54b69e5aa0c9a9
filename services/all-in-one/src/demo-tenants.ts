import type { INestApplication } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { IllegalStateError } from '@warranty/eventsourcing';
import { ApiKeys, type ApiRole } from '@warranty/platform';
import { WarrantyPlanCommands } from '../../registration/src/application/warranty-plan-commands.service';

const DEMO_TENANTS: Array<{ tenantId: string; role: ApiRole }> = [
  { tenantId: 'acme-appliances', role: 'manufacturer' },
  { tenantId: 'acme-retail', role: 'retailer' },
  { tenantId: 'bright-electronics', role: 'retailer' },
  { tenantId: 'fixit-depot', role: 'service_center' },
  { tenantId: 'audit-partners', role: 'auditor' },
  { tenantId: 'platform-ops', role: 'admin' },
];

const DEMO_PLANS = [
  {
    code: 'STD-24',
    name: 'Standard 24 months',
    months: 24,
    coverage: ['parts', 'labor'] as const,
    transferable: true,
  },
  {
    code: 'BASIC-12',
    name: 'Basic 12 months, parts only',
    months: 12,
    coverage: ['parts'] as const,
    transferable: false,
  },
];

/** First start only: demo tenants with keys written to the keys file, and two warranty plans. */
export async function seedDemoTenants(app: INestApplication, keysFile: string): Promise<boolean> {
  if (existsSync(keysFile)) return false;
  const keys = app.get(ApiKeys);
  const issued = [];
  for (const tenant of DEMO_TENANTS) {
    const { key, keyId } = await keys.create(tenant.tenantId, tenant.role, 'demo');
    issued.push({ role: tenant.role, tenant: tenant.tenantId, keyId, key });
  }
  const plans = app.get(WarrantyPlanCommands);
  const actor = { id: 'demo-seed', role: 'system' as const, tenantId: 'acme-appliances' };
  for (const plan of DEMO_PLANS) {
    await plans
      .define(
        { ...plan, coverage: [...plan.coverage], kind: 'base', manufacturerId: 'acme-appliances' },
        { actor, correlationId: 'demo-seed' },
      )
      .catch((error: unknown) => {
        if (!(error instanceof IllegalStateError)) throw error;
      });
  }
  await mkdir(dirname(keysFile), { recursive: true });
  await writeFile(keysFile, `${JSON.stringify(issued, null, 2)}\n`, { mode: 0o600 });
  return true;
}
