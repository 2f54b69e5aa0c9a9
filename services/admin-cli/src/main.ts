import { Command } from 'commander';
import { API_ROLES, ApiKeys, createPool, platformMigrations } from '@warranty/platform';
import { migrate } from '@warranty/postgres';
import { openLocalDatabase } from '@warranty/postgres/local-database';
import { addProjectionCommands } from './projections-commands';

/** Operator CLI: `npm run cli -- keys create --role retailer --tenant acme-retail`. */
async function withKeys<T>(work: (keys: ApiKeys) => Promise<T>): Promise<T> {
  const database = await openLocalDatabase((line) => process.stderr.write(`${line}\n`));
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
  .description('create an API key (printed once) for a tenant, creating the tenant if needed')
  .requiredOption('--role <role>', `one of ${API_ROLES.join(', ')}`)
  .requiredOption('--tenant <tenantId>', 'tenant id: lower-case letters, digits and dashes')
  .option('--label <label>', 'what the key is for', '')
  .action(async (options: { role: string; tenant: string; label: string }) => {
    const issued = await withKeys((k) => k.create(options.tenant, options.role, options.label));
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
        `${key.keyId}  ${key.role.padEnd(14)} ${key.tenantId.padEnd(24)} ${key.revoked ? 'revoked' : 'active'}  ${key.label}\n`,
      );
  });

keys
  .command('revoke <keyId>')
  .description('revoke a key')
  .action(async (keyId: string) => {
    const revoked = await withKeys((k) => k.revoke(keyId));
    process.stdout.write(revoked ? `revoked ${keyId}\n` : `no active key ${keyId}\n`);
    if (!revoked) process.exitCode = 1;
  });

addProjectionCommands(program);

program.parseAsync().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
