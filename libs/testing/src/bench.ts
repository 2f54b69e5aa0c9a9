import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dropDatabase, ensureDatabase } from '@warranty/postgres';
import { startEmbeddedPostgres } from '@warranty/postgres/embedded-server';

export interface BenchDatabase {
  url: string;
  description: string;
  dispose(): Promise<void>;
}

/** A fresh database on DATABASE_URL's server, or on an embedded PostgreSQL started for the run. */
export async function benchDatabase(prefix: string): Promise<BenchDatabase> {
  const name = `${prefix}_${Date.now()}`;
  if (process.env.DATABASE_URL) {
    const server = process.env.DATABASE_URL;
    const url = await ensureDatabase(server, name);
    return {
      url,
      description: 'PostgreSQL at DATABASE_URL',
      dispose: () => dropDatabase(server, name),
    };
  }
  progress('starting embedded PostgreSQL');
  const pg = await startEmbeddedPostgres({
    dataDir: join(process.cwd(), '.data', `bench-pg-${process.pid}`),
    ephemeral: true,
  });
  const url = await ensureDatabase(pg.url, name);
  return { url, description: 'the embedded PostgreSQL', dispose: () => pg.stop() };
}

/** Rewrites one status line on a terminal; plain lines elsewhere so CI logs stay readable. */
export function progress(line: string): void {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${line}`);
  else if (line) process.stderr.write(`${line}\n`);
}

export const formatRate = (perSecond: number): string =>
  Math.round(perSecond).toLocaleString('en-US');

export interface CpuSpent {
  /** This process (its own thread and libuv's), in ms. */
  node: number;
  /** Every process named postgres on this machine, in ms; undefined where /proc cannot tell. */
  postgres?: number;
}

/**
 * CPU time of this process and of the machine's PostgreSQL processes since `cpuMeter()` was
 * called. A PostgreSQL process that ends within the window is left out (an undercount).
 */
export function cpuMeter(): () => CpuSpent {
  const node = process.cpuUsage();
  const before = postgresTicks();
  return () => {
    const used = process.cpuUsage(node);
    const after = postgresTicks();
    let ticks = 0;
    if (before && after) for (const [pid, now] of after) ticks += now - (before.get(pid) ?? 0);
    return {
      node: (used.user + used.system) / 1000,
      postgres: before && after ? ticks * MS_PER_TICK : undefined,
    };
  };
}

/** Linux reports clock ticks of 1/100 s (CLK_TCK) in /proc/<pid>/stat. */
const MS_PER_TICK = 10;

/** CPU ticks by pid of every process named postgres; undefined where there is no /proc. */
function postgresTicks(): Map<string, number> | undefined {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  } catch {
    return undefined;
  }
  const ticks = new Map<string, number>();
  for (const pid of entries) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // the process ended meanwhile
    }
    const close = stat.lastIndexOf(')');
    if (stat.slice(stat.indexOf('(') + 1, close) !== 'postgres') continue;
    const fields = stat.slice(close + 2).split(' ');
    ticks.set(pid, Number(fields[11]) + Number(fields[12]));
  }
  return ticks;
}
