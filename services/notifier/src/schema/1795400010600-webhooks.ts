import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Webhooks1795400010600 implements MigrationInterface {
  name = 'Webhooks1795400010600';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE webhook_subscriptions (
        subscription_id             text        PRIMARY KEY,
        tenant_id                   text        NOT NULL,
        role                        text        NOT NULL,
        url                         text        NOT NULL,
        event_types                 text[],
        description                 text        NOT NULL DEFAULT '',
        secret                      text        NOT NULL,
        previous_secret             text,
        previous_secret_expires_at  timestamptz,
        state                       text        NOT NULL DEFAULT 'active',
        disabled_reason             text,
        after_position              bigint      NOT NULL,
        consecutive_failures        integer     NOT NULL DEFAULT 0,
        retry_after                 timestamptz,
        created_at                  timestamptz NOT NULL DEFAULT now(),
        updated_at                  timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX webhook_subscriptions_tenant ON webhook_subscriptions (tenant_id, subscription_id)`,
    );
    await queryRunner.query(`
      CREATE TABLE webhook_deliveries (
        delivery_id      uuid        PRIMARY KEY,
        subscription_id  text        NOT NULL
                           REFERENCES webhook_subscriptions (subscription_id) ON DELETE CASCADE,
        event_id         text        NOT NULL,
        event_type       text        NOT NULL,
        position         bigint      NOT NULL,
        payload          text        NOT NULL,
        status           text        NOT NULL DEFAULT 'pending',
        attempts         integer     NOT NULL DEFAULT 0,
        next_attempt_at  timestamptz NOT NULL DEFAULT now(),
        last_attempt_at  timestamptz,
        last_status      integer,
        last_error       text,
        delivered_at     timestamptz,
        created_at       timestamptz NOT NULL DEFAULT now(),
        UNIQUE (subscription_id, event_id)
      )`);
    await queryRunner.query(
      `CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at, position) WHERE status = 'pending'`,
    );
    await queryRunner.query(
      `CREATE INDEX webhook_deliveries_finished ON webhook_deliveries (created_at) WHERE status <> 'pending'`,
    );
    await queryRunner.query(
      `CREATE INDEX webhook_deliveries_subscription ON webhook_deliveries (subscription_id, position DESC, delivery_id)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE webhook_deliveries`);
    await queryRunner.query(`DROP TABLE webhook_subscriptions`);
  }
}
