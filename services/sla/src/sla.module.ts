import {
  type DynamicModule,
  Inject,
  Module,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  Optional,
} from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { readConfiguration } from '@warranty/config';
import { claimEvents } from '@warranty/contracts/claims';
import { repairEvents } from '@warranty/contracts/repairs';
import { rmaEvents } from '@warranty/contracts/returns';
import { slaEvents } from '@warranty/contracts/sla';
import { EVENT_FEED, EVENT_STORE, type EventFeed, type EventStore } from '@warranty/event-store';
import { projectionFeedOptions } from '@warranty/messaging';
import {
  initializeReadModels,
  ProjectionRunner,
  type ProjectionRunnerOptions,
  runnerReadiness,
} from '@warranty/read-models';
import { ReadinessChecks } from '@warranty/platform';
import { TimersModule, type TimersModuleOptions } from '@warranty/timers';
import type { DataSource } from 'typeorm';
import { BusinessCalendarsController } from './api/business-calendars.controller';
import { SlaPoliciesController } from './api/sla-policies.controller';
import { SlaController } from './api/sla.controller';
import { SlaDeadlines } from './application/sla-deadlines';
import { SlaStreams } from './application/sla-streams';
import { SlaTimersProjection } from './projections/sla-timers.projection';
import { SlaTrackerProjection } from './projections/sla-tracker.projection';
import { SlaQueries } from './queries/sla.queries';
import { slaDataSourceOptions } from './schema';
import { SLA_READ_MODELS } from './tokens';

export interface SlaOptions {
  /** The deadline timers' loop; tests turn polling off and call `tick()`. */
  timers?: TimersModuleOptions;
  runner?: ProjectionRunnerOptions;
}

const SLA_RUNNER = Symbol('SlaProjectionRunner');

/**
 * SLA tracking (SPEC §4): policies and business calendars as event-sourced data, a timer stream per
 * claim, RMA and repair fed from their events, deadlines on durable timers, and the read models.
 */
@Module({})
export class SlaModule implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(
    @Inject(SLA_RUNNER) private readonly runner: ProjectionRunner,
    @Optional() private readonly readiness?: ReadinessChecks,
  ) {}

  static forRoot(databaseUrl: string, options: SlaOptions = {}): DynamicModule {
    return {
      module: SlaModule,
      imports: [
        TimersModule.forRoot(options.timers ?? { pollIntervalMs: 1_000 }),
        TypeOrmModule.forRootAsync({
          name: SLA_READ_MODELS,
          useFactory: () => ({ ...slaDataSourceOptions(databaseUrl), name: SLA_READ_MODELS }),
          dataSourceFactory: (dataSourceOptions) => initializeReadModels(dataSourceOptions!),
        }),
      ],
      controllers: [SlaPoliciesController, BusinessCalendarsController, SlaController],
      providers: [
        SlaStreams,
        SlaDeadlines,
        SlaTrackerProjection,
        SlaTimersProjection,
        {
          provide: SLA_RUNNER,
          inject: [
            getDataSourceToken(SLA_READ_MODELS),
            EVENT_FEED,
            EVENT_STORE,
            SlaTrackerProjection,
            SlaTimersProjection,
          ],
          useFactory: (
            dataSource: DataSource,
            feed: EventFeed,
            store: EventStore,
            tracker: SlaTrackerProjection,
            timers: SlaTimersProjection,
          ) =>
            new ProjectionRunner(dataSource, feed, [tracker, timers], {
              waitTimeoutMs: readConfiguration(process.env).readModels.waitMs,
              upcast: (event) =>
                slaEvents.upcast(repairEvents.upcast(rmaEvents.upcast(claimEvents.upcast(event)))),
              ...projectionFeedOptions(feed, store),
              ...options.runner,
            }),
        },
        {
          provide: SlaQueries,
          inject: [getDataSourceToken(SLA_READ_MODELS), SLA_RUNNER],
          useFactory: (dataSource: DataSource, runner: ProjectionRunner) =>
            new SlaQueries(dataSource, runner),
        },
      ],
      exports: [SlaQueries, SlaStreams, SLA_RUNNER],
    };
  }

  onApplicationBootstrap(): Promise<void> {
    this.readiness?.register(
      'slaTracking',
      runnerReadiness(this.runner, readConfiguration(process.env).readModels.maxLagMs),
    );
    return this.runner.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.runner.stop();
  }
}

export { SLA_RUNNER };
