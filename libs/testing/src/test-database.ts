import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { dropDatabase, ensureDatabase } from '@warranty/postgres';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** How long a drop waits for the suite's own connections to finish closing before it forces them. */
const CLOSING_GRACE_MS = 1000;

/** A fresh, empty database on the run's PostgreSQL server (see test/setup/global-setup.ts). */
export async function createTestDatabase(prefix = 'test'): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_POSTGRES_URL;
  if (!serverUrl)
    throw new Error('TEST_POSTGRES_URL is unset: run tests through jest with the global setup');
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const url = await ensureDatabase(serverUrl, name);
  return {
    url,
    drop: async () => {
      await untilDisconnected(serverUrl, name);
      await dropDatabase(serverUrl, name);
    },
  };
}

/**
 * pg-pool's end() resolves before its clients' connections have closed. Forcing the drop then
 * terminates them, and the termination reaches a pool with no error listener as an unhandled
 * error in whichever test runs next.
 */
async function untilDisconnected(serverUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    for (const started = Date.now(); Date.now() - started < CLOSING_GRACE_MS;) {
      const { rows } = await client.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1',
        [name],
      );
      if (rows[0].n === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await client.end();
  }
}
