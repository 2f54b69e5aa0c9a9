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
  {
    version: 2,
    name: 'relay checkpoint store kind',
    // Which event store the position belongs to; null for rows written before it was recorded.
    sql: `ALTER TABLE messaging.relay_checkpoints ADD COLUMN store_kind text;`,
  },
];
