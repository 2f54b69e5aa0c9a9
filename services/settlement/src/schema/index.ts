import { readModelsEntities, readModelsMigrations } from '@warranty/read-models';
import type { DataSourceOptions } from 'typeorm';
import { Settlement1795400010700 } from './1795400010700-settlement';

/** The settlement tables share the read-model database and its migrations table with the projections. */
export function settlementDataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: readModelsEntities,
    migrations: [...readModelsMigrations, Settlement1795400010700],
    migrationsTableName: 'read_model_migrations',
    migrationsRun: true,
    synchronize: false,
  };
}
