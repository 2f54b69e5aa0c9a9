import { Module } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import {
  EVENT_FEED,
  EVENT_STORE,
  type EventToAppend,
  type GlobalPosition,
  PostgresEventFeed,
  PostgresEventStore,
} from '@warranty/event-store';
import { ProjectionRunner } from '@warranty/read-models';
import { createTestDatabase, type TestDatabase } from '@warranty/testing';
import type { DataSource } from 'typeorm';
import { ProjectionsModule, READ_MODEL_DATABASE_URL, READ_MODELS_CONNECTION } from '../src';

export interface ProjectionsHarness {
  store: PostgresEventStore;
  app: TestingModule;
  runner: ProjectionRunner;
  dataSource: DataSource;
  append(stream: string, ...events: EventToAppend[]): Promise<GlobalPosition>;
  close(): Promise<void>;
}

/** ProjectionsModule on a fresh database, fed by a real PostgreSQL event store, started. */
export async function startProjections(): Promise<ProjectionsHarness> {
  const database: TestDatabase = await createTestDatabase('projections');
  const store = await PostgresEventStore.connect({ connectionString: database.url });
  const feed = new PostgresEventFeed(store, {
    connectionString: database.url,
    pollIntervalMs: 200,
  });

  @Module({
    providers: [
      { provide: READ_MODEL_DATABASE_URL, useValue: database.url },
      { provide: EVENT_FEED, useValue: feed },
      { provide: EVENT_STORE, useValue: store },
    ],
    exports: [READ_MODEL_DATABASE_URL, EVENT_FEED, EVENT_STORE],
  })
  class InfrastructureModule {}

  const app = await Test.createTestingModule({
    imports: [
      ProjectionsModule.forRoot({
        imports: [InfrastructureModule],
        runner: { retry: { initialDelayMs: 10, maxDelayMs: 100 } },
      }),
    ],
  }).compile();
  await app.init();
  return {
    store,
    app,
    runner: app.get(ProjectionRunner),
    dataSource: app.get<DataSource>(getDataSourceToken(READ_MODELS_CONNECTION)),
    append: async (stream, ...events) => (await store.append(stream, events, 'any')).position,
    close: async () => {
      await app.close();
      await feed.close();
      await store.close();
      await database.drop();
    },
  };
}
