import type { MigrationInterface, QueryRunner } from 'typeorm';

export class WarrantyPlans1795400002000 implements MigrationInterface {
  name = 'WarrantyPlans1795400002000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE warranty_plans (
        manufacturer_id text        NOT NULL,
        code            text        NOT NULL,
        name            text        NOT NULL,
        months          int         NOT NULL,
        coverage_kinds  text[]      NOT NULL,
        transferable    boolean     NOT NULL,
        kind            text        NOT NULL CHECK (kind IN ('base', 'extension')),
        defined_at      timestamptz NOT NULL,
        last_revision   int         NOT NULL,
        PRIMARY KEY (manufacturer_id, code)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE warranty_plans`);
  }
}
