import type { SqlMigration } from '@warranty/postgres';

export const timersMigrations: SqlMigration[] = [
  {
    version: 1,
    name: 'due timers and the log checkpoint that keeps them complete',
    sql: `
      CREATE SCHEMA IF NOT EXISTS timers;
      CREATE TABLE timers.due (
        timer_id        text PRIMARY KEY,
        revision        bigint NOT NULL,
        status          text NOT NULL,
        due_at          timestamptz NOT NULL,
        next_attempt_at timestamptz NOT NULL,
        attempts        int NOT NULL,
        target_stream   text NOT NULL,
        command         jsonb NOT NULL,
        correlation_id  text NOT NULL,
        last_error      text,
        claimed_until   timestamptz,
        updated_at      timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX due_pending ON timers.due (next_attempt_at) WHERE status = 'scheduled';
      CREATE TABLE timers.log_checkpoint (
        name       text PRIMARY KEY,
        position   numeric(20) NOT NULL,
        store_kind text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
];
