import { randomBytes } from 'node:crypto';
import { dropDatabase, ensureDatabase } from '@warranty/postgres';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh, empty database on the run's PostgreSQL server (see test/setup/global-setup.ts). */
export async function createTestDatabase(prefix = 'test'): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_POSTGRES_URL;
  if (!serverUrl)
    throw new Error('TEST_POSTGRES_URL is unset: run tests through jest with the global setup');
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const url = await ensureDatabase(serverUrl, name);
  return { url, drop: () => dropDatabase(serverUrl, name) };
}
