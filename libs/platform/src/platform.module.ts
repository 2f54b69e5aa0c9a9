import {
  type DynamicModule,
  Global,
  Inject,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { Logger, PARAMS_PROVIDER_TOKEN, type Params, PinoLogger } from 'nestjs-pino';
import type { Logger as Pino } from 'pino';
import { type Configuration, readConfiguration } from '@warranty/config';
import type { Pool } from 'pg';
import {
  EVENT_FEED,
  EVENT_STORE,
  type EventFeed,
  type EventStore,
  PostgresEventFeed,
  PostgresEventStore,
} from '@warranty/event-store';
import {
  EventStoreDbEventFeed,
  EventStoreDbEventStore,
} from '@warranty/event-store/eventstoredb/eventstoredb-event-store';
import { EventRelay, KafkaEventFeed, Topics } from '@warranty/messaging';
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
import { ProblemDetailsFilter, ProblemTypesController } from './errors';
import { HealthController } from './health.controller';
import { IdempotencyKeyExpiry, IdempotencyStore } from './idempotency';
import { ReadinessChecks } from './readiness';
import { createRootLogger, ROOT_LOGGER } from './logging';
import { RequestRates } from './rate-limit';
import { platformMigrations } from './schema';

export interface KafkaSettings {
  brokers: string[];
  /** Prefix of topic and consumer-group names; empty in a deployment. */
  namespace?: string;
  partitions?: number;
}

export interface PlatformOptions {
  databaseUrl: string;
  /** The event store: PostgreSQL (the embedded default) or EventStoreDB (distributed). */
  eventStore?: 'postgres' | 'eventstoredb';
  eventStoreConnectionString?: string;
  /** Where projections and the workflow read events: the store's own feed, or Kafka via the relay. */
  feed?: 'store' | 'kafka';
  kafka?: KafkaSettings;
  clock?: Clock;
  ids?: IdGenerator;
  logLevel?: string;
}

export const PLATFORM_OPTIONS = Symbol('PlatformOptions');
/** `{ relay }`: the event relay when the feed is Kafka, else `{ relay: undefined }`. */
export const EVENT_RELAY = Symbol('EventRelay');
export interface RelaySlot {
  relay?: EventRelay;
}

/** What every service shares: database, event store and feed, keys, errors, idempotency, health, logs. */
@Global()
@Module({})
export class PlatformModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(EVENT_FEED) private readonly feed: EventFeed & { close(): Promise<void> },
    @Inject(EVENT_RELAY) private readonly slot: RelaySlot,
    private readonly keyExpiry: IdempotencyKeyExpiry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.slot.relay?.start();
    this.keyExpiry.start();
  }

  static forRoot(options: PlatformOptions): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          load: [() => readConfiguration(process.env)],
        }),
        TerminusModule.forRoot({ logger: false }),
      ],
      controllers: [HealthController, ProblemTypesController],
      providers: [
        { provide: PLATFORM_OPTIONS, useValue: options },
        {
          provide: ROOT_LOGGER,
          inject: [ConfigService],
          useFactory: (config: Settings) =>
            createRootLogger(options.logLevel ?? config.get('logging', { infer: true }).level),
        },
        // nestjs-pino's Logger without its middleware: request lines come from a Fastify hook.
        {
          provide: PARAMS_PROVIDER_TOKEN,
          inject: [ROOT_LOGGER],
          useFactory: (logger: Pino): Params => ({ pinoHttp: { logger } }),
        },
        PinoLogger,
        Logger,
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
          inject: [ConfigService],
          useFactory: async (config: Settings): Promise<EventStore> => {
            const configured = config.get('eventStore', { infer: true });
            const esdb = options.eventStoreConnectionString ?? configured.connectionString;
            if ((options.eventStore ?? configured.kind) === 'eventstoredb') {
              if (!esdb)
                throw new Error('EVENT_STORE=eventstoredb needs EVENTSTORE_CONNECTION_STRING');
              return EventStoreDbEventStore.connect({ connectionString: esdb });
            }
            return PostgresEventStore.connect({ connectionString: options.databaseUrl });
          },
        },
        {
          provide: EVENT_RELAY,
          inject: [EVENT_STORE, PG_POOL, ConfigService],
          useFactory: (store: EventStore, pool: Pool, config: Settings): RelaySlot => {
            const kafka = kafkaSettings(options, config);
            return {
              relay: kafka
                ? new EventRelay(store, pool, { ...kafka, topics: new Topics(kafka.namespace) })
                : undefined,
            };
          },
        },
        {
          provide: EVENT_FEED,
          inject: [EVENT_STORE, EVENT_RELAY, ConfigService],
          useFactory: (store: EventStore, { relay }: RelaySlot, config: Settings) => {
            const kafka = kafkaSettings(options, config);
            if (!kafka || !relay) {
              if (store instanceof PostgresEventStore) {
                return new PostgresEventFeed(store, { connectionString: options.databaseUrl });
              }
              return Object.assign(new EventStoreDbEventFeed(store as EventStoreDbEventStore), {
                close: async () => undefined,
              });
            }
            return new KafkaEventFeed({
              ...kafka,
              topics: new Topics(kafka.namespace),
              partitions: kafka.partitions,
              publishedUpTo: () => relay.publishedUpTo(),
            });
          },
        },
        { provide: CLOCK, useValue: options.clock ?? systemClock },
        { provide: ID_GENERATOR, useValue: options.ids ?? uuidGenerator },
        { provide: ApiKeys, inject: [PG_POOL], useFactory: (pool: Pool) => new ApiKeys(pool) },
        {
          provide: RequestRates,
          inject: [ConfigService],
          useFactory: (config: Settings) =>
            new RequestRates(config.get('apiKeys', { infer: true }).requestsPerMinute),
        },
        {
          provide: IdempotencyStore,
          inject: [PG_POOL],
          useFactory: (pool: Pool) => new IdempotencyStore(pool),
        },
        {
          provide: IdempotencyKeyExpiry,
          inject: [PG_POOL, ConfigService, ROOT_LOGGER],
          useFactory: (pool: Pool, config: Settings, logger: Pino) =>
            new IdempotencyKeyExpiry(pool, config.get('idempotencyKeys', { infer: true }), logger),
        },
        ReadinessChecks,
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
      exports: [
        EVENT_RELAY,
        PLATFORM_OPTIONS,
        PG_POOL,
        EVENT_STORE,
        EVENT_FEED,
        CLOCK,
        ID_GENERATOR,
        ApiKeys,
        RequestRates,
        IdempotencyStore,
        IdempotencyKeyExpiry,
        ReadinessChecks,
        ROOT_LOGGER,
        Logger,
        PinoLogger,
      ],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.keyExpiry.stop();
    await this.slot.relay?.stop();
    await this.feed.close();
    await this.store.close();
    await this.pool.end();
  }
}

type Settings = ConfigService<Configuration, true>;

/** Kafka settings when the feed is Kafka: from the options, else from the configuration. */
function kafkaSettings(options: PlatformOptions, config: Settings): KafkaSettings | undefined {
  const kafka = config.get('kafka', { infer: true });
  const feed = options.feed ?? config.get('feed', { infer: true }).kind;
  if (feed !== 'kafka') return undefined;
  const brokers = options.kafka?.brokers ?? kafka.brokers;
  if (!brokers.length)
    throw new Error('EVENT_FEED=kafka needs KAFKA_BROKERS (host:port, comma-separated)');
  return {
    brokers,
    namespace: options.kafka?.namespace ?? kafka.namespace,
    partitions: options.kafka?.partitions ?? kafka.partitions,
  };
}
