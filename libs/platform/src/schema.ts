import type { SqlMigration } from '@warranty/postgres';
import { apiKeyChangeMigrations } from './auth/api-key-changes';

export const platformMigrations: SqlMigration[] = [
  {
    version: 1,
    name: 'tenants, api keys, idempotency keys',
    sql: `
      CREATE SCHEMA IF NOT EXISTS platform;
      CREATE TABLE platform.tenants (
        id         text PRIMARY KEY,
        name       text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE platform.api_keys (
        id         text PRIMARY KEY,
        tenant_id  text NOT NULL REFERENCES platform.tenants (id),
        role       text NOT NULL,
        label      text NOT NULL DEFAULT '',
        key_hash   bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      );
      CREATE TABLE platform.idempotency_keys (
        tenant_id    text NOT NULL,
        key          text NOT NULL,
        request_hash text NOT NULL,
        status       int,
        headers      jsonb,
        body         jsonb,
        started_at   timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        PRIMARY KEY (tenant_id, key)
      );
    `,
  },
  {
    version: 2,
    name: 'a request rate per api key',
    sql: `
      ALTER TABLE platform.api_keys ADD COLUMN requests_per_minute integer
        CHECK (requests_per_minute BETWEEN 1 AND 100000000);
      COMMENT ON COLUMN platform.api_keys.requests_per_minute IS
        'Requests a minute this key may send (a minute''s worth at once); null: API_KEY_RATE_LIMIT';
    `,
  },
  {
    version: 3,
    name: 'idempotency keys expire',
    sql: `
      CREATE INDEX idempotency_keys_started_at ON platform.idempotency_keys (started_at);
    `,
  },
  ...apiKeyChangeMigrations,
];
