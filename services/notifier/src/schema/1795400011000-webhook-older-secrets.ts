import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The secret before the previous one, still signing after a second rotation within its day. */
export class WebhookOlderSecrets1795400011000 implements MigrationInterface {
  name = 'WebhookOlderSecrets1795400011000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE webhook_subscriptions
        ADD COLUMN older_secret text,
        ADD COLUMN older_secret_expires_at timestamptz`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE webhook_subscriptions
        DROP COLUMN older_secret,
        DROP COLUMN older_secret_expires_at`);
  }
}
