import {
  type DynamicModule,
  Global,
  Inject,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { randomUUID } from 'node:crypto';
import { LoggerModule } from 'nestjs-pino';
import type { Pool } from 'pg';
import {
  EVENT_FEED,
  EVENT_STORE,
  type EventStore,
  PostgresEventFeed,
  PostgresEventStore,
} from '@warranty/event-store';
import {
  CLOCK,
  type Clock,
  ID_GENERATOR,
  type IdGenerator,
  systemClock,
  uuidGenerator,
} from '@warranty/eventsourcing';
import { migrate } from '@warranty/postgres';
import { ApiKeyGuard, ApiKeys } from './auth';
import { createPool, PG_POOL } from './database';
import { ProblemDetailsFilter } from './errors';
import { HealthController } from './health.controller';
import { IdempotencyInterceptor, IdempotencyStore } from './idempotency';
import { platformMigrations } from './schema';

export interface PlatformOptions {
  databaseUrl: string;
  clock?: Clock;
  ids?: IdGenerator;
  logLevel?: string;
}

export const PLATFORM_OPTIONS = Symbol('PlatformOptions');

/** What every service shares: database, event store and feed, keys, errors, idempotency, health, logs. */
@Global()
@Module({})
export class PlatformModule implements OnApplicationShutdown {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(EVENT_FEED) private readonly feed: PostgresEventFeed,
  ) {}

  static forRoot(options: PlatformOptions): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        TerminusModule.forRoot({ logger: false }),
        LoggerModule.forRoot({
          pinoHttp: {
            level: options.logLevel ?? process.env.LOG_LEVEL ?? 'info',
            genReqId: (req, res) => {
              const id = String(req.headers['x-correlation-id'] ?? randomUUID()).slice(0, 100);
              res.setHeader('X-Correlation-Id', id);
              return id;
            },
            customAttributeKeys: { reqId: 'correlationId' },
            redact: ['req.headers.authorization'],
          },
        }),
      ],
      controllers: [HealthController],
      providers: [
        { provide: PLATFORM_OPTIONS, useValue: options },
        {
          provide: PG_POOL,
          useFactory: async () => {
            const pool = createPool(options.databaseUrl, 20);
            await migrate(pool, 'platform', platformMigrations);
            return pool;
          },
        },
        {
          provide: EVENT_STORE,
          useFactory: () => PostgresEventStore.connect({ connectionString: options.databaseUrl }),
        },
        {
          provide: EVENT_FEED,
          inject: [EVENT_STORE],
          useFactory: (store: PostgresEventStore) =>
            new PostgresEventFeed(store, { connectionString: options.databaseUrl }),
        },
        { provide: CLOCK, useValue: options.clock ?? systemClock },
        { provide: ID_GENERATOR, useValue: options.ids ?? uuidGenerator },
        { provide: ApiKeys, inject: [PG_POOL], useFactory: (pool: Pool) => new ApiKeys(pool) },
        {
          provide: IdempotencyStore,
          inject: [PG_POOL],
          useFactory: (pool: Pool) => new IdempotencyStore(pool),
        },
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
      exports: [
        PLATFORM_OPTIONS,
        PG_POOL,
        EVENT_STORE,
        EVENT_FEED,
        CLOCK,
        ID_GENERATOR,
        ApiKeys,
        IdempotencyStore,
      ],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.feed.close();
    await this.store.close();
    await this.pool.end();
  }
}
