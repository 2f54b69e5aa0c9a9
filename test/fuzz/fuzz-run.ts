/**
 * The fuzz stage: schemathesis against the all-in-one's OpenAPI document, once with a retailer's
 * and once with a manufacturer's key, on a fresh embedded PostgreSQL. Fails on any 5xx, any
 * response that does not match its schema and any status the document does not list.
 */
import { spawn, spawnSync, type ChildProcess, type StdioOptions } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { join, resolve } from 'node:path';

const SCHEMATHESIS = '4.32.5';
const ROOT = resolve(__dirname, '../..');
const VENV = join(ROOT, '.data', 'fuzz-venv');
const ST = join(VENV, 'bin', 'st');
const CHECKS = [
  'not_a_server_error',
  'response_schema_conformance',
  'status_code_conformance',
  'content_type_conformance',
].join(',');
const MAX_EXAMPLES = process.env.FUZZ_MAX_EXAMPLES ?? '25';
/** Seconds per key; two keys keep the stage under five minutes with start-up. */
const SECONDS_PER_KEY = process.env.FUZZ_SECONDS_PER_KEY ?? '110';
const ROLES = ['retailer', 'manufacturer'] as const;
const EMBEDDED_DEFAULT_UNSETS = [
  'DATABASE_URL',
  'READ_MODEL_WAIT_MS',
  'KAFKA_BROKERS',
  'EVENT_FEED',
  'EVENT_STORE',
  'EVENTSTORE_CONNECTION_STRING',
];

export interface FuzzOptions {
  /** Where progress and the summary go. */
  log: (line: string) => void;
  /** Where the child processes' own output goes: inherited, or a file descriptor. */
  output: 'inherit' | number;
}

export interface FuzzRoleResult {
  role: string;
  schemathesisExit: number | null;
  requests: number;
  serverErrors: number;
  statuses: string;
}

export interface FuzzResult {
  passed: boolean;
  roles: FuzzRoleResult[];
}

function installSchemathesis({ log, output }: FuzzOptions): void {
  const version = existsSync(ST) ? spawnSync(ST, ['--version'], { encoding: 'utf8' }).stdout : '';
  if (version.includes(SCHEMATHESIS)) return;
  log(`installing schemathesis ${SCHEMATHESIS} into ${VENV}`);
  const steps: Array<[string, string[]]> = [
    ['python3', ['-m', 'venv', VENV]],
    [join(VENV, 'bin', 'pip'), ['install', '--quiet', `schemathesis==${SCHEMATHESIS}`]],
  ];
  for (const [command, args] of steps) {
    const run = spawnSync(command, args, { stdio: ['ignore', output, output] });
    if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
  }
}

/** The proxy shares this event loop, so schemathesis must not be run synchronously. */
const exitOf = (child: ChildProcess) =>
  new Promise<number | null>((done) => child.once('exit', (code) => done(code)));

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createNetServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
    server.on('error', fail);
  });
}

async function until<T>(
  what: string,
  seconds: number,
  app: ChildProcess,
  probe: () => Promise<T | undefined>,
) {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    if (app.exitCode !== null) throw new Error(`the all-in-one exited with ${app.exitCode}`);
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Counts requests and statuses on their way to the application. */
function countingProxy(target: number, tally: Map<number, number>): Server {
  return createServer((req, res) => {
    const upstream = request(
      { host: '127.0.0.1', port: target, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        tally.set(answer.statusCode ?? 0, (tally.get(answer.statusCode ?? 0) ?? 0) + 1);
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      tally.set(599, (tally.get(599) ?? 0) + 1);
      res.destroy();
    });
    req.pipe(upstream);
  });
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzResult> {
  const { log, output } = options;
  const stdio: StdioOptions = ['ignore', output, output];
  installSchemathesis(options);
  const dataDir = mkdtempSync(join(ROOT, '.data', 'fuzz-run-'));
  chmodSync(dataDir, 0o755); // the embedded PostgreSQL may run as another user
  const [port, pgPort, proxyPort] = [await freePort(), await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    PGPORT: String(pgPort),
    WARRANTY_DATA_DIR: dataDir,
  };
  // The embedded default, as `npm start` runs it, whatever the test run set up for itself.
  for (const name of EMBEDDED_DEFAULT_UNSETS) delete env[name];
  const app: ChildProcess = spawn(
    process.execPath,
    ['-r', '@swc-node/register', 'services/all-in-one/src/main.ts'],
    { cwd: ROOT, env: { ...env, LOG_LEVEL: 'error' }, stdio: ['ignore', 'ignore', output] },
  );
  const base = `http://127.0.0.1:${port}`;
  const tallies = new Map<string, Map<number, number>>();
  const exits = new Map<string, number | null>();
  let failed = false;
  try {
    const keysFile = join(dataDir, 'dev-keys.json');
    await until('the all-in-one', 180, app, async () =>
      existsSync(keysFile) && (await fetch(`${base}/health/ready`)).ok ? true : undefined,
    );
    const keys = JSON.parse(readFileSync(keysFile, 'utf8')) as Array<{ role: string; key: string }>;
    for (const role of ROLES) {
      const key = keys.find((k) => k.role === role)?.key;
      if (!key) throw new Error(`no ${role} key in ${keysFile}`);
      const tally = new Map<number, number>();
      tallies.set(role, tally);
      const proxy = countingProxy(port, tally).listen(proxyPort, '127.0.0.1');
      log(`=== schemathesis with the ${role} key`);
      const status = await exitOf(
        spawn(
          ST,
          [
            'run',
            `http://127.0.0.1:${proxyPort}/openapi.json`,
            '--checks',
            CHECKS,
            '--max-examples',
            MAX_EXAMPLES,
            '--max-time',
            SECONDS_PER_KEY,
            '--request-timeout',
            '10',
            '--workers',
            '1',
            '--seed',
            process.env.FUZZ_SEED ?? '1',
            '--suppress-health-check',
            'all',
            '--header',
            `Authorization: Bearer ${key}`,
            '--no-color',
          ],
          { stdio },
        ),
      );
      await new Promise((r) => proxy.close(r));
      exits.set(role, status);
      if (status !== 0) failed = true;
      if ([...tally.keys()].some((status) => status >= 500)) failed = true;
    }
  } finally {
    app.kill('SIGTERM');
    await new Promise((r) => (app.exitCode === null ? app.once('exit', r) : r(undefined)));
    if (!failed && !process.env.FUZZ_KEEP) rmSync(dataDir, { recursive: true, force: true });
  }
  const roles = [...tallies].map(([role, tally]): FuzzRoleResult => {
    const sorted = [...tally.entries()].sort(([a], [b]) => a - b);
    return {
      role,
      schemathesisExit: exits.get(role) ?? null,
      requests: sorted.reduce((a, [, n]) => a + n, 0),
      serverErrors: sorted.filter(([s]) => s >= 500).reduce((a, [, n]) => a + n, 0),
      statuses: sorted.map(([s, n]) => `${s}:${n}`).join(' '),
    };
  });
  log('=== fuzz summary (requests through the proxy, by status)');
  for (const r of roles) {
    log(`${r.role.padEnd(12)} requests ${r.requests}  5xx ${r.serverErrors}  ${r.statuses}`);
  }
  return { passed: !failed, roles };
}
