import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ProjectionCheckpoints1795400000000 implements MigrationInterface {
  name = 'ProjectionCheckpoints1795400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE projection_checkpoints (
        name       text        PRIMARY KEY,
        position   bigint,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE projection_checkpoints`);
  }
}
