import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DemoKey {
  role: string;
  tenant: string;
  key: string;
}

const READY_TIMEOUT_MS = 60_000;

/**
 * The all-in-one exactly as `npm start` runs it, in its own process group so one `kill -9` can
 * take the node process alone (its embedded PostgreSQL lives on as an orphan) or the whole tree.
 */
export class AllInOneProcess {
  private child: ChildProcess | null = null;
  /** Every process group ever started: an orphaned PostgreSQL keeps its first parent's group. */
  private readonly groups = new Set<number>();
  private readonly logFd: number;

  constructor(
    private readonly repoRoot: string,
    readonly dataDir: string,
    readonly port: number,
    readonly pgPort: number,
  ) {
    this.logFd = openSync(join(dataDir, 'all-in-one.log'), 'a');
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get databaseUrl(): string {
    return `postgres://postgres:postgres@127.0.0.1:${this.pgPort}/warranty`;
  }

  async start(): Promise<void> {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(this.port),
      PGPORT: String(this.pgPort),
      WARRANTY_DATA_DIR: this.dataDir,
      LOG_LEVEL: 'warn',
      // Crash safety under load, not a client's allowance: the demo keys must not be throttled.
      API_KEY_RATE_LIMIT: '100000000',
      // The run's webhook receiver listens on 127.0.0.1 and answers at once; a short timeout
      // keeps the lease of a batch taken just before a kill short (8 x 2 s + 10 s).
      WEBHOOK_ALLOW_LOCAL_ENDPOINTS: 'true',
      WEBHOOK_TIMEOUT_MS: '2000',
    };
    delete env.DATABASE_URL;
    delete env.EVENT_STORE;
    const child = spawn(
      process.execPath,
      ['-r', '@swc-node/register', 'services/all-in-one/src/main.ts'],
      { cwd: this.repoRoot, env, detached: true, stdio: ['ignore', this.logFd, this.logFd] },
    );
    this.child = child;
    if (child.pid) this.groups.add(child.pid);
    let exited: string | null = null;
    child.once('exit', (code, signal) => (exited = `exited (${signal ?? code})`));
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (!(await this.ready())) {
      if (exited) throw new Error(`all-in-one ${exited} while starting; see ${this.logPath}`);
      if (Date.now() > deadline)
        throw new Error(`all-in-one not ready after ${READY_TIMEOUT_MS} ms; see ${this.logPath}`);
      await sleep(100);
    }
  }

  /** `kill -9` of the node process; with `database`, of its embedded PostgreSQL too. */
  async crash(database: boolean): Promise<void> {
    const child = this.child;
    if (!child?.pid) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    if (child.exitCode === null && child.signalCode === null) process.kill(child.pid, 'SIGKILL');
    await gone;
    if (database) {
      this.killGroups();
      await this.waitForPostgresToDie();
    }
    this.child = null;
  }

  keys(): DemoKey[] {
    return JSON.parse(readFileSync(join(this.dataDir, 'dev-keys.json'), 'utf8')) as DemoKey[];
  }

  /** Synchronous, so it also runs from an exit handler: nothing of ours outlives the run. */
  killEverything(): void {
    if (this.child?.pid) signal(this.child.pid, 'SIGKILL');
    this.killGroups();
  }

  async stop(): Promise<void> {
    this.killEverything();
    await this.waitForPostgresToDie();
  }

  get logPath(): string {
    return join(this.dataDir, 'all-in-one.log');
  }

  private killGroups(): void {
    for (const group of this.groups) signal(-group, 'SIGKILL');
    const postmaster = this.postmasterPid();
    if (postmaster) signal(postmaster, 'SIGKILL');
  }

  private postmasterPid(): number | null {
    const file = join(this.dataDir, 'postgres', 'postmaster.pid');
    if (!existsSync(file)) return null;
    const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 1 ? pid : null;
  }

  private async waitForPostgresToDie(): Promise<void> {
    const pid = this.postmasterPid();
    for (let i = 0; pid && alive(pid) && i < 100; i++) await sleep(50);
  }

  private async ready(): Promise<boolean> {
    // Readiness may answer before the keys file is written, so wait for both.
    if (!existsSync(join(this.dataDir, 'dev-keys.json'))) return false;
    try {
      const res = await fetch(`${this.url}/health/ready`, { signal: AbortSignal.timeout(1000) });
      return res.status === 200;
    } catch {
      return false;
    }
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
