import type { SqlMigration } from '@warranty/postgres';

export const relayMigrations: SqlMigration[] = [
  {
    version: 1,
    name: 'relay checkpoints',
    sql: `
      CREATE SCHEMA IF NOT EXISTS messaging;
      CREATE TABLE messaging.relay_checkpoints (
        name       text PRIMARY KEY,
        position   bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
];
