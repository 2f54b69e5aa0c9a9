import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@warranty/testing';

const ROOT = join(__dirname, '..', '..', '..');

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The registration service as an operator starts it, in its own process. */
function startRegistration(env: Record<string, string>): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['-r', '@swc-node/register', 'services/registration/src/main.ts'],
      { cwd: ROOT, env: { ...process.env, EVENT_FEED: 'store', LOG_LEVEL: 'silent', ...env } },
    );
    let [stdout, stderr] = ['', ''];
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('a service that cannot start', () => {
  it('names a bad setting in one line and exits 1', async () => {
    const exit = await startRegistration({ EVENT_FEED: 'kafak' });
    expect(exit.stderr).toBe(
      'Invalid configuration: EVENT_FEED must be one of store, kafka (got "kafak")\n',
    );
    expect(exit.code).toBe(1);
  });

  describe('on a port that is taken', () => {
    let database: TestDatabase;
    let holder: Server;
    let port: number;

    beforeAll(async () => {
      database = await createTestDatabase('ports');
      holder = createServer();
      await new Promise<void>((resolve) => holder.listen(0, resolve));
      port = (holder.address() as { port: number }).port;
    });

    afterAll(async () => {
      await new Promise((resolve) => holder.close(resolve));
      await database.drop();
    });

    it('says so in one line and exits 1', async () => {
      const exit = await startRegistration({ PORT: String(port), DATABASE_URL: database.url });
      expect(exit.stderr).toBe(
        `Port ${port} is already in use: stop the process that holds it, or set PORT to a free port\n`,
      );
      expect(exit.code).toBe(1);
    });
  });
});
