import { readModelsEntities, readModelsMigrations } from '@warranty/read-models';
import type { DataSourceOptions } from 'typeorm';
import { Webhooks1795400010600 } from './1795400010600-webhooks';

/** The notifier's tables share the read-model database and its migrations table with the projections. */
export function notifierDataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: readModelsEntities,
    migrations: [...readModelsMigrations, Webhooks1795400010600],
    migrationsTableName: 'read_model_migrations',
    migrationsRun: true,
    synchronize: false,
  };
}
