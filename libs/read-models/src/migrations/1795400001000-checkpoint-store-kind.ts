import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Which event store a checkpoint's position belongs to; null for rows written before it was recorded. */
export class CheckpointStoreKind1795400001000 implements MigrationInterface {
  name = 'CheckpointStoreKind1795400001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE projection_checkpoints ADD COLUMN store_kind text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE projection_checkpoints DROP COLUMN store_kind`);
  }
}
