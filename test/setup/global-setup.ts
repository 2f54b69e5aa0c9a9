import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '@warranty/postgres/embedded-server';
import { detectEventStoreDb } from './eventstoredb-availability';
import { startKafkaForTests } from './kafka-availability';

declare global {
  var __TEST_POSTGRES_STOP__: (() => Promise<void>) | undefined;
  var __TEST_TEARDOWNS__: Array<() => Promise<void>> | undefined;
}

/** One real PostgreSQL for the whole run (embedded unless DATABASE_URL is set); each test file makes its own database. */
export default async function globalSetup(): Promise<void> {
  globalThis.__TEST_TEARDOWNS__ = [];
  // Test apps start cold on a shared 2-core machine; Kafka consumers need a moment to join their group.
  process.env.READ_MODEL_WAIT_MS ??= '15000';
  if (process.env.DATABASE_URL) {
    process.env.TEST_POSTGRES_URL = process.env.DATABASE_URL;
  } else {
    const dataDir = join(process.cwd(), '.data', `test-pg-${process.pid}`);
    await rm(dataDir, { recursive: true, force: true });
    const started = Date.now();
    const pg = await startEmbeddedPostgres({ dataDir, ephemeral: true });
    process.env.TEST_POSTGRES_URL = pg.url;
    process.stdout.write(`\nEmbedded PostgreSQL started for tests in ${Date.now() - started} ms\n`);
    globalThis.__TEST_TEARDOWNS__.push(async () => {
      await pg.stop();
      await rm(dataDir, { recursive: true, force: true });
    });
  }
  await startKafkaForTests();
  const esdb = await detectEventStoreDb();
  if (esdb.connectionString) {
    process.env.EVENTSTORE_CONNECTION_STRING = esdb.connectionString;
    if (esdb.stop) globalThis.__TEST_TEARDOWNS__.push(esdb.stop);
  } else {
    process.env.EVENTSTORE_SKIP_REASON = esdb.skipReason;
  }
}
