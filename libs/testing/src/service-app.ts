import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test, type TestingModule } from '@nestjs/testing';
import type { Pool } from 'pg';
import request from 'supertest';
import { FixedClock } from '@warranty/eventsourcing';
import {
  ApiKeys,
  applicationModule,
  configureApp,
  createHttpAdapter,
  type PlatformOptions,
} from '@warranty/platform';
import { PG_POOL } from '@warranty/platform/database';
import { type FeedKind, kafkaUnderTest } from './feeds';
import { createTestDatabase, type TestDatabase } from './test-database';

export interface ServiceUnderTest {
  app: INestApplication;
  database: TestDatabase;
  clock: FixedClock;
  http: () => ReturnType<typeof request>;
  /** A fresh API key for a tenant and role. */
  keyFor(
    tenantId: string,
    role: 'retailer' | 'manufacturer' | 'service_center' | 'auditor' | 'admin',
  ): Promise<string>;
  /**
   * The position of the last event committed. Wait for this, not the store's head: the head stays
   * below any transaction still open on the server, another suite's included.
   */
  lastWritten(): Promise<bigint>;
  close(): Promise<void>;
}

/** The real application (platform + service modules) on a fresh PostgreSQL database, served in-process. */
export async function startServiceUnderTest(
  modules: (databaseUrl: string) => Array<Type | DynamicModule>,
  { feed = 'store' }: { feed?: FeedKind } = {},
): Promise<ServiceUnderTest> {
  const database = await createTestDatabase('svc');
  const clock = new FixedClock(new Date('2026-06-15T10:00:00.000Z'));
  const platform: PlatformOptions = { databaseUrl: database.url, clock, logLevel: 'silent', feed };
  if (feed === 'kafka') platform.kafka = kafkaUnderTest();
  const moduleRef = await Test.createTestingModule({
    imports: [applicationModule(platform, modules(database.url))],
  }).compile();
  const app = await initApp(moduleRef);
  const keys = app.get(ApiKeys);
  return {
    app,
    database,
    clock,
    http: () => request(app.getHttpServer()),
    keyFor: async (tenantId, role) => (await keys.create(tenantId, role)).key,
    lastWritten: async () => {
      const { rows } = await app
        .get<Pool>(PG_POOL)
        .query<{ position: string | null }>(
          'SELECT max(position) AS position FROM event_store.events',
        );
      return BigInt(rows[0].position ?? 0);
    },
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

/** A compiled module's application on the production HTTP server and settings, ready for supertest. */
export async function initApp(moduleRef: TestingModule): Promise<INestApplication> {
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter(), {
    bodyParser: false,
  });
  configureApp(app, 'test');
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
