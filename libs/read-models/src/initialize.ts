import { DataSource, type DataSourceOptions } from 'typeorm';

/**
 * Connects and applies pending migrations while holding a PostgreSQL advisory lock, so replicas
 * starting together do not race to create the same tables (TypeORM itself does not lock).
 */
export async function initializeReadModels(options: DataSourceOptions): Promise<DataSource> {
  const dataSource = await new DataSource({ ...options, migrationsRun: false }).initialize();
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query(`SELECT pg_advisory_lock(hashtext('read-model-migrations'))`);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await lock
      .query(`SELECT pg_advisory_unlock(hashtext('read-model-migrations'))`)
      .catch(() => undefined);
    await lock.release();
  }
  return dataSource;
}
