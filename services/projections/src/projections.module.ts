import {
  type DynamicModule,
  Inject,
  Module,
  type ModuleMetadata,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  Optional,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { type Configuration, readConfiguration } from '@warranty/config';
import { EVENT_FEED, EVENT_STORE, type EventFeed, type EventStore } from '@warranty/event-store';
import { projectionFeedOptions } from '@warranty/messaging';
import { ReadinessChecks, REPAIR_ORDER_HOLDERS } from '@warranty/platform';
import {
  initializeReadModels,
  type Projection,
  ProjectionRebuilds,
  ProjectionRunner,
  type ProjectionRunnerOptions,
  type RebuildLog,
  runnerReadiness,
} from '@warranty/read-models';
import type { DataSource } from 'typeorm';
import { WORKFLOW_PROGRESS } from '@warranty/platform/workflow-progress';
import { HttpWorkflowProgress } from './adapters/http-workflow-progress';
import { CaseSlaProjection } from './projections/case-sla.projection';
import { CaseTimelineProjection } from './projections/case-timeline.projection';
import { ClaimStatusProjection } from './projections/claim-status.projection';
import { RepairQueueProjection } from './projections/repair-queue.projection';
import { RmaQueueProjection } from './projections/rma-queue.projection';
import { UnitCoverageProjection } from './projections/unit-coverage.projection';
import { upcastAll } from './projections/upcast';
import { WarrantyPlansProjection } from './projections/warranty-plans.projection';
import { CaseQuery } from './queries/case.query';
import { CaseAsOfQuery } from './queries/case-as-of.query';
import { CaseTimelineQuery } from './queries/case-timeline.query';
import { ClaimsListQuery } from './queries/claims-list.query';
import { CoverageQuery } from './queries/coverage.query';
import { RepairQueueHolders } from './queries/repair-order-holders';
import { RepairQueueQuery } from './queries/repair-queue.query';
import { ServiceHistoryQuery } from './queries/service-history.query';
import { RmaQueueQuery } from './queries/rma-queue.query';
import { WarrantyPlansQuery } from './queries/warranty-plans.query';
import {
  CaseTimelineEntry,
  ClaimStatusView,
  readModelDataSourceOptions,
  RepairQueueRow,
  RmaQueueRow,
  UnitCoverage,
  WarrantyPlanView,
} from './schema';
import { READ_MODEL_DATABASE_URL, READ_MODELS_CONNECTION } from './tokens';

export interface ProjectionsModuleOptions {
  /** Modules that export READ_MODEL_DATABASE_URL and EVENT_FEED, unless a global module does. */
  imports?: ModuleMetadata['imports'];
  runner?: ProjectionRunnerOptions;
  /** More projections to run beside the read models (tests use a deliberately failing one). */
  projections?: Projection[];
  /** Readiness says degraded when a projection has not reached a head seen this long ago. */
  maxLagMs?: number;
  /** The workflow's process, when it runs apart (WORKFLOW_URL); the case view waits for it too. */
  workflowUrl?: string;
}

const PROJECTIONS_OPTIONS = Symbol('ProjectionsModuleOptions');

const noLog: RebuildLog = {
  readAll: () => Promise.reject(new Error('No event store here to rebuild from')),
  headPosition: () => Promise.reject(new Error('No event store here to rebuild from')),
};

/** Unset, a workflow module in this very process provides it (the all-in-one), or nothing does. */
const workflowProgress = (url: string | undefined) =>
  url ? [{ provide: WORKFLOW_PROGRESS, useValue: new HttpWorkflowProgress(url) }] : [];

/** The read models: their tables, the runner that feeds them (started with the app) and their queries. */
@Module({})
export class ProjectionsModule implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(
    private readonly runner: ProjectionRunner,
    private readonly rebuilds: ProjectionRebuilds,
    @Inject(PROJECTIONS_OPTIONS) private readonly options: ProjectionsModuleOptions,
    @Optional() private readonly readiness?: ReadinessChecks,
  ) {}

  static forRoot(options: ProjectionsModuleOptions = {}): DynamicModule {
    const imports = options.imports ?? [];
    return {
      module: ProjectionsModule,
      imports: [
        ...imports,
        TypeOrmModule.forRootAsync({
          name: READ_MODELS_CONNECTION,
          imports,
          inject: [READ_MODEL_DATABASE_URL],
          useFactory: (url: string) => ({
            ...readModelDataSourceOptions(url),
            name: READ_MODELS_CONNECTION,
          }),
          dataSourceFactory: (dataSourceOptions) => initializeReadModels(dataSourceOptions!),
        }),
        TypeOrmModule.forFeature(
          [
            UnitCoverage,
            WarrantyPlanView,
            ClaimStatusView,
            RmaQueueRow,
            RepairQueueRow,
            CaseTimelineEntry,
          ],
          READ_MODELS_CONNECTION,
        ),
      ],
      providers: [
        { provide: PROJECTIONS_OPTIONS, useValue: options },
        UnitCoverageProjection,
        WarrantyPlansProjection,
        ClaimStatusProjection,
        RmaQueueProjection,
        RepairQueueProjection,
        CaseTimelineProjection,
        CaseSlaProjection,
        {
          provide: ProjectionRunner,
          inject: [
            getDataSourceToken(READ_MODELS_CONNECTION),
            EVENT_FEED,
            { token: EVENT_STORE, optional: true },
            UnitCoverageProjection,
            WarrantyPlansProjection,
            ClaimStatusProjection,
            RmaQueueProjection,
            RepairQueueProjection,
            CaseTimelineProjection,
            CaseSlaProjection,
            // Absent when the module runs without the platform (its own tests).
            { token: ConfigService, optional: true },
          ],
          useFactory: (
            dataSource: DataSource,
            feed: EventFeed,
            store: EventStore | undefined,
            coverage: UnitCoverageProjection,
            plans: WarrantyPlansProjection,
            claims: ClaimStatusProjection,
            rmas: RmaQueueProjection,
            repairs: RepairQueueProjection,
            timeline: CaseTimelineProjection,
            slas: CaseSlaProjection,
            config: ConfigService<Configuration, true> | undefined,
          ) =>
            new ProjectionRunner(
              dataSource,
              feed,
              [
                coverage,
                plans,
                claims,
                rmas,
                repairs,
                timeline,
                slas,
                ...(options.projections ?? []),
              ],
              {
                waitTimeoutMs: (
                  config?.get('readModels', { infer: true }) ??
                  readConfiguration(process.env).readModels
                ).waitMs,
                upcast: upcastAll,
                ...projectionFeedOptions(feed, store),
                ...options.runner,
              },
            ),
        },
        {
          provide: ProjectionRebuilds,
          inject: [
            getDataSourceToken(READ_MODELS_CONNECTION),
            ProjectionRunner,
            { token: EVENT_STORE, optional: true },
          ],
          useFactory: (dataSource: DataSource, runner: ProjectionRunner, store?: EventStore) =>
            new ProjectionRebuilds(dataSource, store ?? noLog, runner.projections, {
              upcast: upcastAll,
            }),
        },
        CoverageQuery,
        WarrantyPlansQuery,
        ClaimsListQuery,
        CaseQuery,
        CaseAsOfQuery,
        CaseTimelineQuery,
        RmaQueueQuery,
        RepairQueueQuery,
        ServiceHistoryQuery,
        { provide: REPAIR_ORDER_HOLDERS, useClass: RepairQueueHolders },
        ...workflowProgress(options.workflowUrl ?? readConfiguration(process.env).workflow.url),
      ],
      exports: [
        ProjectionRunner,
        ProjectionRebuilds,
        CoverageQuery,
        WarrantyPlansQuery,
        ClaimsListQuery,
        CaseQuery,
        CaseAsOfQuery,
        CaseTimelineQuery,
        RmaQueueQuery,
        RepairQueueQuery,
        ServiceHistoryQuery,
        REPAIR_ORDER_HOLDERS,
      ],
    };
  }

  onApplicationBootstrap(): Promise<void> {
    const maxLagMs = this.options.maxLagMs ?? readConfiguration(process.env).readModels.maxLagMs;
    this.readiness?.register('readModels', runnerReadiness(this.runner, maxLagMs));
    return this.runner.start();
  }

  // Before TypeORM closes its DataSource in the shutdown hooks.
  async onModuleDestroy(): Promise<void> {
    await this.rebuilds.stop();
    await this.runner.stop();
  }
}
