/** Injection token: the read-model database's connection string. */
export const READ_MODEL_DATABASE_URL = Symbol('ReadModelDatabaseUrl');

/** The TypeORM DataSource name, so read models never clash with another TypeORM connection. */
export const READ_MODELS_CONNECTION = 'read-models';
