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
  ProjectionRunner,
  type ProjectionRunnerOptions,
  runnerReadiness,
} from '@warranty/read-models';
import type { DataSource, DataSourceOptions } from 'typeorm';
import { ReadinessChecks } from './readiness';

export interface ServiceReadModelsOptions {
  /** The TypeORM DataSource name of the service's tables. */
  tables: string;
  tablesOptions: DataSourceOptions;
  /** The token its ProjectionRunner is provided under. */
  runner: symbol;
  /** The runner's entry in /health/ready. */
  readiness: string;
  projections: Array<Type<Projection>>;
  /** Lifts every event the projections read to its current schema. */
  upcast: (event: RecordedEvent) => RecordedEvent;
  runnerOptions?: ProjectionRunnerOptions;
}

/**
 * A service's own tables in the read-model database and the ProjectionRunner that feeds them, on
 * either feed, with its parked events and lag in /health/ready. The service starts and stops it.
 */
export function serviceReadModels(options: ServiceReadModelsOptions): {
  imports: DynamicModule[];
  providers: Provider[];
} {
  const { readModels } = readConfiguration(process.env);
  return {
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
    ],
  };
}
