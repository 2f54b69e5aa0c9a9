import { readModelsEntities, readModelsMigrations } from '@warranty/read-models';
import type { DataSourceOptions } from 'typeorm';
import { UnitCoverage1795400001000 } from './migrations/1795400001000-unit-coverage';
import { WarrantyPlans1795400002000 } from './migrations/1795400002000-warranty-plans';
import { UnitCoverage } from './unit-coverage.entity';
import { WarrantyPlanView } from './warranty-plan.entity';

export { UnitCoverage, type UnitCoverageStatus } from './unit-coverage.entity';
export { WarrantyPlanView } from './warranty-plan.entity';

export const projectionEntities = [...readModelsEntities, UnitCoverage, WarrantyPlanView];
export const projectionMigrations = [
  ...readModelsMigrations,
  UnitCoverage1795400001000,
  WarrantyPlans1795400002000,
];

/** The read-model database: schema by migrations only, applied on connect. */
export function readModelDataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: projectionEntities,
    migrations: projectionMigrations,
    migrationsTableName: 'read_model_migrations',
    migrationsRun: true,
    synchronize: false,
  };
}
