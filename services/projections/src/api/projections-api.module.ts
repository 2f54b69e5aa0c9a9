import { type DynamicModule, Module } from '@nestjs/common';
import { projectionAdminController } from '@warranty/platform/projection-admin';
import { ProjectionRebuilds, ProjectionRunner } from '@warranty/read-models';
import { ProjectionsModule, type ProjectionsModuleOptions } from '../projections.module';
import { READ_MODEL_DATABASE_URL } from '../tokens';
import { CasesController } from './cases.controller';
import { ClaimsQueryController } from './claims.controller';
import { CoverageController } from './coverage.controller';
import { RepairQueueController } from './repair-queue.controller';
import { RmaQueueController } from './rma-queue.controller';
import { UnitsController } from './units.controller';
import { WarrantyPlansQueryController } from './warranty-plans.controller';

@Module({})
class ReadModelDatabaseModule {
  static of(databaseUrl: string): DynamicModule {
    return {
      module: ReadModelDatabaseModule,
      providers: [{ provide: READ_MODEL_DATABASE_URL, useValue: databaseUrl }],
      exports: [READ_MODEL_DATABASE_URL],
    };
  }
}

/** The query side over HTTP: read models, their runner and their controllers. */
@Module({})
export class ProjectionsApiModule {
  static forRoot(
    databaseUrl: string,
    options: Omit<ProjectionsModuleOptions, 'imports'> = {},
  ): DynamicModule {
    return {
      module: ProjectionsApiModule,
      imports: [
        ProjectionsModule.forRoot({
          ...options,
          imports: [ReadModelDatabaseModule.of(databaseUrl)],
        }),
      ],
      controllers: [
        projectionAdminController({
          path: 'v1/admin/projections',
          name: 'Admin',
          runner: ProjectionRunner,
          rebuilds: ProjectionRebuilds,
        }),
        CoverageController,
        WarrantyPlansQueryController,
        ClaimsQueryController,
        CasesController,
        RmaQueueController,
        RepairQueueController,
        UnitsController,
      ],
    };
  }
}
