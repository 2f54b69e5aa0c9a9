import { readModelsEntities, readModelsMigrations } from '@warranty/read-models';
import type { DataSourceOptions } from 'typeorm';
import { SlaTimers1795400009000 } from './1795400009000-sla-timers';

/** The SLA read models share the read-model database and its migrations table with the projections service. */
export function slaDataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: readModelsEntities,
    migrations: [...readModelsMigrations, SlaTimers1795400009000],
    migrationsTableName: 'read_model_migrations',
    migrationsRun: true,
    synchronize: false,
  };
}
