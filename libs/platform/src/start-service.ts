import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { openLocalDatabase } from '@warranty/postgres/local-database';
import { configureApp } from './bootstrap';
// Not in the index: the embedded PostgreSQL package is ESM-only, which jest cannot load.
import { applicationModule } from './application.module';

export interface StartedService {
  app: INestApplication;
  url: string;
}

/** Starts services on DATABASE_URL or the embedded PostgreSQL, listening on PORT (default 3000). */
export async function startService(
  title: string,
  modules: (databaseUrl: string) => Array<Type | DynamicModule>,
  afterStart?: (app: INestApplication) => Promise<void>,
): Promise<StartedService> {
  const database = await openLocalDatabase((line) => process.stdout.write(`${line}\n`));
  const app = await NestFactory.create(
    applicationModule({ databaseUrl: database.url }, modules(database.url)),
    {
      bodyParser: false,
      bufferLogs: true,
    },
  );
  configureApp(app, title);
  const port = Number(process.env.PORT ?? 3000);
  await app.listen(port);
  const stop = async () => {
    await app.close();
    await database.release();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const url = `http://localhost:${port}`;
  await afterStart?.(app);
  return { app, url };
}
