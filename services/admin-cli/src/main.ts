import { Command } from 'commander';
import { API_ROLES, ApiKeys, createPool, platformMigrations } from '@warranty/platform';
import { migrate } from '@warranty/postgres';
import { openLocalDatabase } from '@warranty/postgres/local-database';
import { loadConfiguration } from '@warranty/config';
import { createKey, type CreateKeyOptions, rateOf, requestRate } from './create-key';
import { addAuditCommands } from './audit-commands';
import { addProjectionCommands } from './projections-commands';
import { addWorkflowCommands } from './workflow-commands';

/** Operator CLI: `npm run cli -- keys create --role retailer --tenant acme-retail`. */
async function withKeys<T>(work: (keys: ApiKeys) => Promise<T>): Promise<T> {
  const { database: settings } = loadConfiguration();
  const database = await openLocalDatabase(settings, (line) => process.stderr.write(`${line}\n`));
  const pool = createPool(database.url, 2);
  try {
    await migrate(pool, 'platform', platformMigrations);
    return await work(new ApiKeys(pool));
  } finally {
    await pool.end();
    await database.release();
  }
}

const program = new Command('warranty').description('Operate the warranty platform');
const keys = program.command('keys').description('API keys');

keys
  .command('create')
  .description('create an API key (printed once) for an existing tenant, or for a new one')
  .requiredOption('--role <role>', `one of ${API_ROLES.join(', ')}`)
  .option('--tenant <tenantId>', 'an existing tenant')
  .option('--new-tenant <tenantId>', 'a tenant to create: lower-case letters, digits and dashes')
  .option('--label <label>', 'what the key is for', '')
  .option(
    '--rate <perMinute>',
    'its own request rate, in requests a minute (default: API_KEY_RATE_LIMIT)',
  )
  .action(async (options: CreateKeyOptions & { rate?: string }) => {
    const requestsPerMinute = options.rate === undefined ? null : requestRate(options.rate);
    const issued = await withKeys((k) => createKey(k, { ...options, requestsPerMinute }));
    process.stdout.write(`${JSON.stringify(issued, null, 2)}\n`);
    process.stderr.write('Store the key now: only its hash is kept.\n');
  });

keys
  .command('list')
  .description('list keys (never the secrets)')
  .action(async () => {
    const list = await withKeys((k) => k.list());
    for (const key of list)
      process.stdout.write(
        `${key.keyId}  ${key.role.padEnd(14)} ${key.tenantId.padEnd(24)} ${key.revoked ? 'revoked' : 'active '}  ${rateOf(key.requestsPerMinute).padEnd(14)} ${key.label}\n`,
      );
  });

keys
  .command('rate <keyId> <perMinute>')
  .description(
    "set a key's request rate in requests a minute, or `default` for API_KEY_RATE_LIMIT; running services apply it within a second",
  )
  .action(async (keyId: string, perMinute: string) => {
    const rate = perMinute === 'default' ? null : requestRate(perMinute);
    if (!(await withKeys((k) => k.setRequestRate(keyId, rate))))
      throw new Error(
        `No active key ${keyId}: it does not exist or is revoked (see \`keys list\`).`,
      );
    process.stdout.write(`${keyId}: ${rateOf(rate)}\n`);
  });

keys
  .command('revoke <keyId>')
  .description('revoke a key')
  .action(async (keyId: string) => {
    const revoked = await withKeys((k) => k.revoke(keyId));
    if (!revoked)
      throw new Error(
        `No active key ${keyId}: it does not exist or is revoked already (see \`keys list\`).`,
      );
    process.stdout.write(`revoked ${keyId}\n`);
  });

addProjectionCommands(program);
addWorkflowCommands(program);
addAuditCommands(program);

// Failures must throw: the embedded PostgreSQL package exits with 0 on 'beforeExit', ignoring process.exitCode.
program.parseAsync().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
