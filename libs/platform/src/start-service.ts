import { type DynamicModule, type INestApplication, Logger, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type Configuration, InvalidConfiguration, loadConfiguration } from '@warranty/config';
import { type LocalDatabase, openLocalDatabase } from '@warranty/postgres/local-database';
import { configureApp } from './bootstrap';
import { createHttpAdapter } from './http/http-adapter';
// Not in the index: the embedded PostgreSQL package is ESM-only, which jest cannot load.
import { applicationModule } from './application.module';

export interface StartedService {
  app: INestApplication;
  url: string;
  configuration: Configuration;
}

/** A start-up problem the operator can fix: reported as its message alone, without a stack. */
export class StartFailure extends Error {}

/**
 * Starts services on DATABASE_URL or the embedded PostgreSQL, listening on PORT (default 3000).
 * The configuration is checked before anything starts.
 */
export async function startService(
  title: string,
  modules: (databaseUrl: string) => Array<Type | DynamicModule>,
  afterStart?: (app: INestApplication, configuration: Configuration) => Promise<void>,
): Promise<StartedService> {
  const configuration = loadConfiguration();
  const database = await openLocalDatabase(configuration.database, (line) =>
    process.stdout.write(`${line}\n`),
  );
  const app = await NestFactory.create(
    applicationModule({ databaseUrl: database.url }, modules(database.url)),
    createHttpAdapter(),
    { bodyParser: false, bufferLogs: true },
  );
  configureApp(app, title);
  new Logger('Startup').log(runsOn(configuration, database));
  const { port, host } = configuration.http;
  try {
    await app.listen(port, host);
  } catch (error) {
    await app.close();
    await database.release();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE')
      throw new StartFailure(
        `Port ${port} is already in use: stop the process that holds it, or set PORT to a free port`,
      );
    throw error;
  }
  const stop = async () => {
    await app.close();
    await database.release();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await afterStart?.(app, configuration);
  return { app, url: `http://localhost:${port}`, configuration };
}

/** Ends a process whose start failed: one line for a problem the operator can fix, else the stack. */
export function exitOnStartFailure(error: unknown): never {
  const known = error instanceof InvalidConfiguration || error instanceof StartFailure;
  const text = error instanceof Error ? (known ? error.message : error.stack) : String(error);
  process.stderr.write(`${text}\n`);
  process.exit(1);
}

/** e.g. `event store: postgres (embedded, 127.0.0.1:54329), feed: store`. */
function runsOn({ eventStore, feed, kafka }: Configuration, database: LocalDatabase): string {
  const store =
    eventStore.kind === 'eventstoredb'
      ? `eventstoredb (${hostOf(eventStore.connectionString)})`
      : `postgres (${database.source === 'DATABASE_URL' ? 'DATABASE_URL' : 'embedded'}, ${hostOf(database.url)})`;
  const source = feed.kind === 'kafka' ? `kafka (${kafka.brokers.join(',')})` : 'store';
  return `event store: ${store}, feed: ${source}`;
}

function hostOf(url = ''): string {
  try {
    return new URL(url).host;
  } catch {
    return 'unknown host';
  }
}
