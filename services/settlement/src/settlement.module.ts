import {
  type DynamicModule,
  Inject,
  Module,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { serviceReadModels } from '@warranty/platform/service-read-models';
import type { ProjectionRunner, ProjectionRunnerOptions } from '@warranty/read-models';
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
  constructor(@Inject(SETTLEMENT_RUNNER) private readonly runner: ProjectionRunner) {}

  static forRoot(databaseUrl: string, options: SettlementOptions = {}): DynamicModule {
    const tables = getDataSourceToken(SETTLEMENT_TABLES);
    const readModels = serviceReadModels({
      tables: SETTLEMENT_TABLES,
      tablesOptions: settlementDataSourceOptions(databaseUrl),
      runner: SETTLEMENT_RUNNER,
      readiness: 'settlementPayables',
      admin: { path: 'v1/admin/settlement/projections', name: 'SettlementAdmin' },
      projections: [PayablesProjection],
      upcast: upcastForSettlement,
      runnerOptions: options.runner,
    });
    return {
      module: SettlementModule,
      imports: readModels.imports,
      controllers: [PayablesController, SettlementsController, ...readModels.controllers],
      providers: [
        ...readModels.providers,
        SettlementStreams,
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
      ],
      exports: [SETTLEMENT_RUNNER],
    };
  }

  onApplicationBootstrap(): Promise<void> {
    return this.runner.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.runner.stop();
  }
}
