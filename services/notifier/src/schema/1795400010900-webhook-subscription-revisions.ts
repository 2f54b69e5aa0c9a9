import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A subscription's revision, its ETag: existing subscriptions start at 0, as if just created. */
export class WebhookSubscriptionRevisions1795400010900 implements MigrationInterface {
  name = 'WebhookSubscriptionRevisions1795400010900';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE webhook_subscriptions ADD COLUMN revision integer NOT NULL DEFAULT 0`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE webhook_subscriptions DROP COLUMN revision`);
  }
}
