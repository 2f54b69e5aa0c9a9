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
import { EVENT_FEED, EVENT_STORE, type EventFeed, type EventStore } from '@warranty/event-store';
import { projectionFeedOptions } from '@warranty/messaging';
import {
  initializeReadModels,
  ProjectionRunner,
  type ProjectionRunnerOptions,
  runnerReadiness,
} from '@warranty/read-models';
import { ReadinessChecks } from '@warranty/platform';
import type { DataSource } from 'typeorm';
import { PayablesController } from './api/payables.controller';
import { SettlementsController } from './api/settlements.controller';
import { PayablesBook } from './application/payables-book';
import { SettlementDesk } from './application/settlement-desk';
import { SettlementStreams } from './application/settlement-streams';
import { SettlementsBook } from './application/settlements-book';
import { PayablesProjection } from './projections/payables.projection';
import { upcastForSettlement } from './projections/upcast';
import { settlementDataSourceOptions } from './schema';
import { SETTLEMENT_RUNNER, SETTLEMENT_TABLES } from './tokens';

export interface SettlementOptions {
  runner?: ProjectionRunnerOptions;
}

/**
 * Settlement (SPEC 1, manufacturers "settle what they owe retailers and service centers"): the
 * payables read model, fed from the case events, and a ledger stream per manufacturer and payee.
 */
@Module({})
export class SettlementModule implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(
    @Inject(SETTLEMENT_RUNNER) private readonly runner: ProjectionRunner,
    @Optional() private readonly readiness?: ReadinessChecks,
  ) {}

  static forRoot(databaseUrl: string, options: SettlementOptions = {}): DynamicModule {
    const configuration = readConfiguration(process.env);
    const tables = getDataSourceToken(SETTLEMENT_TABLES);
    return {
      module: SettlementModule,
      imports: [
        TypeOrmModule.forRootAsync({
          name: SETTLEMENT_TABLES,
          useFactory: () => ({
            ...settlementDataSourceOptions(databaseUrl),
            name: SETTLEMENT_TABLES,
          }),
          dataSourceFactory: (dataSourceOptions) => initializeReadModels(dataSourceOptions!),
        }),
      ],
      controllers: [PayablesController, SettlementsController],
      providers: [
        SettlementStreams,
        PayablesProjection,
        {
          provide: PayablesBook,
          inject: [tables],
          useFactory: (dataSource: DataSource) => new PayablesBook(dataSource),
        },
        {
          provide: SettlementsBook,
          inject: [tables],
          useFactory: (dataSource: DataSource) => new SettlementsBook(dataSource),
        },
        {
          provide: SettlementDesk,
          inject: [SettlementStreams, PayablesBook],
          useFactory: (streams: SettlementStreams, payables: PayablesBook) =>
            new SettlementDesk(streams, payables),
        },
        {
          provide: SETTLEMENT_RUNNER,
          inject: [tables, EVENT_FEED, EVENT_STORE, PayablesProjection],
          useFactory: (
            dataSource: DataSource,
            feed: EventFeed,
            store: EventStore,
            payables: PayablesProjection,
          ) =>
            new ProjectionRunner(dataSource, feed, [payables], {
              waitTimeoutMs: configuration.readModels.waitMs,
              upcast: upcastForSettlement,
              ...projectionFeedOptions(feed, store),
              ...options.runner,
            }),
        },
      ],
      exports: [SETTLEMENT_RUNNER],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    this.readiness?.register(
      'settlementPayables',
      runnerReadiness(this.runner, readConfiguration(process.env).readModels.maxLagMs),
    );
    await this.runner.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.runner.stop();
  }
}
