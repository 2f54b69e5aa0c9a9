import {
  type DynamicModule,
  Inject,
  Module,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { claimEvents } from '@warranty/contracts/claims';
import { repairEvents } from '@warranty/contracts/repairs';
import { rmaEvents } from '@warranty/contracts/returns';
import { slaEvents } from '@warranty/contracts/sla';
import { serviceReadModels } from '@warranty/platform/service-read-models';
import type { ProjectionRunner, ProjectionRunnerOptions } from '@warranty/read-models';
import { TimersModule, type TimersModuleOptions } from '@warranty/timers';
import type { DataSource } from 'typeorm';
import { BusinessCalendarsController } from './api/business-calendars.controller';
import { SlaPoliciesController } from './api/sla-policies.controller';
import { SlaController } from './api/sla.controller';
import { SlaDeadlines } from './application/sla-deadlines';
import { SlaStreams } from './application/sla-streams';
import { UnitCategories } from './application/unit-categories';
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
  constructor(@Inject(SLA_RUNNER) private readonly runner: ProjectionRunner) {}

  static forRoot(databaseUrl: string, options: SlaOptions = {}): DynamicModule {
    const readModels = serviceReadModels({
      tables: SLA_READ_MODELS,
      tablesOptions: slaDataSourceOptions(databaseUrl),
      runner: SLA_RUNNER,
      readiness: 'slaTracking',
      admin: { path: 'v1/admin/sla/projections', name: 'SlaAdmin' },
      projections: [SlaTrackerProjection, SlaTimersProjection],
      upcast: (event) =>
        slaEvents.upcast(repairEvents.upcast(rmaEvents.upcast(claimEvents.upcast(event)))),
      runnerOptions: options.runner,
    });
    return {
      module: SlaModule,
      imports: [
        TimersModule.forRoot(options.timers ?? { pollIntervalMs: 1_000 }),
        ...readModels.imports,
      ],
      controllers: [
        SlaPoliciesController,
        BusinessCalendarsController,
        SlaController,
        ...readModels.controllers,
      ],
      providers: [
        ...readModels.providers,
        SlaStreams,
        SlaDeadlines,
        UnitCategories,
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
    return this.runner.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.runner.stop();
  }
}

export { SLA_RUNNER };
