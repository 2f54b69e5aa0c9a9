import { readModelsEntities, readModelsMigrations } from '@warranty/read-models';
import type { DataSourceOptions } from 'typeorm';
import { SlaTimers1795400009000 } from './1795400009000-sla-timers';
import { SlaTimersTargetUnit1795400009700 } from './1795400009700-sla-timers-target-unit';

/** The SLA read models share the read-model database and its migrations table with the projections service. */
export function slaDataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: readModelsEntities,
    migrations: [...readModelsMigrations, SlaTimers1795400009000, SlaTimersTargetUnit1795400009700],
    migrationsTableName: 'read_model_migrations',
    migrationsRun: true,
    synchronize: false,
  };
}
