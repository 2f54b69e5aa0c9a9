import type { DynamicModule, Provider, Type } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { readConfiguration } from '@warranty/config';
import {
  EVENT_FEED,
  EVENT_STORE,
  type EventFeed,
  type EventStore,
  type RecordedEvent,
} from '@warranty/event-store';
import { projectionFeedOptions } from '@warranty/messaging';
import {
  initializeReadModels,
  type Projection,
  ProjectionRebuilds,
  ProjectionRunner,
  type ProjectionRunnerOptions,
  runnerReadiness,
} from '@warranty/read-models';
import type { DataSource, DataSourceOptions } from 'typeorm';
import { projectionAdminController } from './projection-admin';
import { ReadinessChecks } from './readiness';

export interface ServiceReadModelsOptions {
  /** The TypeORM DataSource name of the service's tables. */
  tables: string;
  tablesOptions: DataSourceOptions;
  /** The token its ProjectionRunner is provided under. */
  runner: symbol;
  /** The runner's entry in /health/ready. */
  readiness: string;
  /** Where operators see, redrive and rebuild these projections, under a prefix the service owns. */
  admin: { path: string; name: string };
  projections: Array<Type<Projection>>;
  /** Lifts every event the projections read to its current schema. */
  upcast: (event: RecordedEvent) => RecordedEvent;
  runnerOptions?: ProjectionRunnerOptions;
}

/**
 * A service's own tables in the read-model database and the ProjectionRunner that feeds them, on
 * either feed, with its parked events and lag in /health/ready and an admin API to redrive and
 * rebuild them. The service starts and stops the runner.
 */
export function serviceReadModels(options: ServiceReadModelsOptions): {
  imports: DynamicModule[];
  providers: Provider[];
  controllers: Array<Type<unknown>>;
} {
  const { readModels } = readConfiguration(process.env);
  const rebuilds = Symbol(`${options.admin.name}ProjectionRebuilds`);
  return {
    controllers: [
      projectionAdminController({ ...options.admin, runner: options.runner, rebuilds }),
    ],
    imports: [
      TypeOrmModule.forRootAsync({
        name: options.tables,
        useFactory: () => ({ ...options.tablesOptions, name: options.tables }),
        dataSourceFactory: (dataSourceOptions) => initializeReadModels(dataSourceOptions!),
      }),
    ],
    providers: [
      ...options.projections,
      {
        provide: options.runner,
        inject: [
          getDataSourceToken(options.tables),
          EVENT_FEED,
          EVENT_STORE,
          { token: ReadinessChecks, optional: true },
          ...options.projections,
        ],
        useFactory: (
          dataSource: DataSource,
          feed: EventFeed,
          store: EventStore,
          readiness: ReadinessChecks | undefined,
          ...projections: Projection[]
        ) => {
          const runner = new ProjectionRunner(dataSource, feed, projections, {
            waitTimeoutMs: readModels.waitMs,
            upcast: options.upcast,
            ...projectionFeedOptions(feed, store),
            ...options.runnerOptions,
          });
          readiness?.register(options.readiness, runnerReadiness(runner, readModels.maxLagMs));
          return runner;
        },
      },
      {
        provide: rebuilds,
        inject: [getDataSourceToken(options.tables), options.runner, EVENT_STORE],
        useFactory: (dataSource: DataSource, runner: ProjectionRunner, store: EventStore) => {
          const started = new ProjectionRebuilds(dataSource, store, runner.projections, {
            upcast: options.upcast,
          });
          // Nest calls it before the DataSource closes: no rebuild is cut off mid-transaction.
          return Object.assign(started, { onModuleDestroy: () => started.stop() });
        },
      },
    ],
  };
}
