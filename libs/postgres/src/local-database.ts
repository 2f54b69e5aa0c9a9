import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Client } from 'pg';
import { ensureDatabase } from './databases';
import { startEmbeddedPostgres } from './embedded-server';

export interface LocalDatabase {
  url: string;
  /** Stops the embedded server if this process started it; otherwise does nothing. */
  release(): Promise<void>;
  source: 'DATABASE_URL' | 'embedded (started)' | 'embedded (already running)';
}

/** Where the database is: the `database` part of the configuration. */
export interface LocalDatabaseSettings {
  url?: string;
  embeddedPort: number;
  dataDir: string;
  serverLog: boolean;
}

const DATABASE = 'warranty';

async function reachable(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * DATABASE_URL when set; otherwise the project's embedded PostgreSQL under .data/postgres,
 * reusing it when another process (the running system, say) already started it.
 */
export async function openLocalDatabase(
  settings: LocalDatabaseSettings,
  log: (line: string) => void = () => undefined,
): Promise<LocalDatabase> {
  if (settings.url) {
    return {
      url: settings.url,
      source: 'DATABASE_URL',
      release: async () => undefined,
    };
  }
  const stateFile = join(settings.dataDir, 'postgres.json');
  if (existsSync(stateFile)) {
    const { serverUrl } = JSON.parse(readFileSync(stateFile, 'utf8')) as { serverUrl: string };
    if (await reachable(serverUrl)) {
      return {
        url: await ensureDatabase(serverUrl, DATABASE),
        source: 'embedded (already running)',
        release: async () => undefined,
      };
    }
  }
  const port = settings.embeddedPort;
  const dataDir = join(settings.dataDir, 'postgres');
  log(`starting embedded PostgreSQL on 127.0.0.1:${port} with data in ${dataDir}`);
  const server = await startEmbeddedPostgres({
    dataDir,
    port,
    log: settings.serverLog ? log : undefined,
  });
  await writeFile(stateFile, JSON.stringify({ serverUrl: server.url }, null, 2));
  return {
    url: await ensureDatabase(server.url, DATABASE),
    source: 'embedded (started)',
    release: () => server.stop(),
  };
}
