import { createTestDatabase, type TestDatabase } from '@warranty/testing';
import { initializeReadModels, readModelsEntities, readModelsMigrations } from '../src';

describe('initializeReadModels', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('rminit');
  });
  afterAll(() => database?.drop());

  it('lets replicas starting together apply each migration exactly once', async () => {
    const options = {
      type: 'postgres' as const,
      url: database.url,
      entities: readModelsEntities,
      migrations: readModelsMigrations,
      migrationsTableName: 'read_model_migrations',
    };
    const replicas = await Promise.all([1, 2, 3].map(() => initializeReadModels(options)));
    const applied = await replicas[0].query('SELECT name FROM read_model_migrations');
    expect(applied).toHaveLength(readModelsMigrations.length);
    await Promise.all(replicas.map((r) => r.destroy()));
  });
});
