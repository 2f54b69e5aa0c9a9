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
