import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Pool } from 'pg';
import { ApiKeys, platformMigrations } from '@warranty/platform';
import { migrate } from '@warranty/postgres';
import { createTestDatabase, type TestDatabase } from '@warranty/testing/test-database';

const ROOT = join(__dirname, '..', '..', '..');

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the operator CLI as an operator would, against the test database. */
function cli(databaseUrl: string, ...args: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['-r', '@swc-node/register', 'services/admin-cli/src/main.ts', ...args],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl } },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('operator CLI: keys', () => {
  let database: TestDatabase;
  let pool: Pool;
  let keys: ApiKeys;

  beforeAll(async () => {
    database = await createTestDatabase('cli');
    pool = new Pool({ connectionString: database.url, max: 2 });
    await migrate(pool, 'platform', platformMigrations);
    keys = new ApiKeys(pool);
    await keys.ensureTenant('acme-retail');
  });

  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  const tenants = () => keys.tenantIds();

  it('revoking an unknown key id exits non-zero and says so', async () => {
    const run = await cli(database.url, 'keys', 'revoke', '0123456789ab');
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('No active key 0123456789ab');
  });

  it('revoking a key twice fails the second time', async () => {
    const { keyId } = await keys.create('acme-retail', 'retailer');
    const first = await cli(database.url, 'keys', 'revoke', keyId);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`revoked ${keyId}`);
    const second = await cli(database.url, 'keys', 'revoke', keyId);
    expect(second.code).not.toBe(0);
  });

  it('creating a key for an unknown tenant is refused, lists the tenants and names --new-tenant', async () => {
    const run = await cli(
      database.url,
      'keys',
      'create',
      '--role',
      'retailer',
      '--tenant',
      'acme-retial',
    );
    expect(run.code).not.toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Unknown tenant acme-retial');
    expect(run.stderr).toContain('acme-retail');
    expect(run.stderr).toContain('--new-tenant');
    expect(await tenants()).toEqual(['acme-retail']);
  });

  it('creates a key for an existing tenant without --new-tenant', async () => {
    const run = await cli(
      database.url,
      'keys',
      'create',
      '--role',
      'retailer',
      '--tenant',
      'acme-retail',
    );
    expect(run.code).toBe(0);
    const issued = JSON.parse(run.stdout) as { key: string; tenantId: string };
    expect(issued.tenantId).toBe('acme-retail');
    expect((await keys.authenticate(issued.key))?.actor).toMatchObject({ tenantId: 'acme-retail' });
  });

  it('--new-tenant creates the tenant, and refuses one that already exists', async () => {
    const created = await cli(
      database.url,
      'keys',
      'create',
      '--role',
      'manufacturer',
      '--new-tenant',
      'globex-appliances',
    );
    expect(created.code).toBe(0);
    expect(await tenants()).toEqual(['acme-retail', 'globex-appliances']);

    const again = await cli(
      database.url,
      'keys',
      'create',
      '--role',
      'manufacturer',
      '--new-tenant',
      'globex-appliances',
    );
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('already exists');
  });

  it('--rate gives a new key its own rate; `keys rate` changes it, or sets it back to the default', async () => {
    const run = await cli(
      database.url,
      ...['keys', 'create', '--role', 'retailer', '--tenant', 'acme-retail', '--rate', '120'],
    );
    expect(run.code).toBe(0);
    const { keyId, key } = JSON.parse(run.stdout) as { keyId: string; key: string };
    expect(await keys.authenticate(key)).toMatchObject({ requestsPerMinute: 120 });
    const listed = () => cli(database.url, 'keys', 'list').then((r) => r.stdout.split('\n'));
    expect((await listed()).find((line) => line.startsWith(keyId))).toContain('120/min');

    const raised = await cli(database.url, 'keys', 'rate', keyId, '6000');
    expect(raised).toMatchObject({ code: 0, stdout: `${keyId}: 6000/min\n` });
    expect(await keys.authenticate(key)).toMatchObject({ requestsPerMinute: 6000 });
    expect((await cli(database.url, 'keys', 'rate', keyId, 'default')).code).toBe(0);
    expect((await listed()).find((line) => line.startsWith(keyId))).toContain('default rate');
  });

  it('refuses a rate that is not a whole number from 1, and an unknown key', async () => {
    const { keyId } = await keys.create('acme-retail', 'retailer');
    for (const bad of ['0', '1.5', 'fast']) {
      const run = await cli(database.url, 'keys', 'rate', keyId, bad);
      expect(run.code).not.toBe(0);
      expect(run.stderr).toContain('whole number of requests a minute');
    }
    const unknown = await cli(database.url, 'keys', 'rate', '0123456789ab', '100');
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('No active key 0123456789ab');
  });
});
