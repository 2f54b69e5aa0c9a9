import type { DataSourceOptions, MigrationInterface } from 'typeorm';
import { ProjectionCheckpoints1795400000000 } from './migrations/1795400000000-projection-checkpoints';
import { ProjectionStreamRevisions1795400000500 } from './migrations/1795400000500-projection-stream-revisions';
import { ProjectionParkedEvents1795400000800 } from './migrations/1795400000800-projection-parked-events';
import { CheckpointStoreKind1795400001000 } from './migrations/1795400001000-checkpoint-store-kind';
import { ProjectionCheckpoint } from './projection-checkpoint.entity';

export * from './bigint-transformer';
export * from './checkpoints';
export * from './projection';
export * from './projection-checkpoint.entity';
export * from './projection-runner';
export * from './statements';
export type { RetryPolicy, RunnerLogger } from './supervised-subscription';
export {
  ProjectionCheckpoints1795400000000,
  ProjectionStreamRevisions1795400000500,
  ProjectionParkedEvents1795400000800,
  CheckpointStoreKind1795400001000,
};

/** Add these to every read-model DataSource. */
export const readModelsEntities = [ProjectionCheckpoint];
export const readModelsMigrations = [
  ProjectionCheckpoints1795400000000,
  ProjectionStreamRevisions1795400000500,
  ProjectionParkedEvents1795400000800,
  CheckpointStoreKind1795400001000,
];

/**
 * A service's own tables in the read-model database: the shared checkpoint tables and its own
 * migrations, in the one migrations table every service's read models share.
 */
export function ownReadModelTables(
  url: string,
  migrations: Array<new () => MigrationInterface>,
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: readModelsEntities,
    migrations: [...readModelsMigrations, ...migrations],
    migrationsTableName: 'read_model_migrations',
    migrationsRun: true,
    synchronize: false,
  };
}
export * from './stream-rows';
export * from './initialize';
export * from './parked-events';
export * from './event-handlers';
export * from './rebuild';
export * from './rebuilds';
export * from './statement-batch';
export * from './row-fold';
export * from './feed-checkpoint-table';
export * from './runner-readiness';
