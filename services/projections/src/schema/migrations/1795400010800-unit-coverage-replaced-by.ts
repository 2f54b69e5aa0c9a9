import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A registration that ended because an exchange replaced the unit names its replacement. */
export class UnitCoverageReplacedBy1795400010800 implements MigrationInterface {
  name = 'UnitCoverageReplacedBy1795400010800';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE unit_coverage ADD COLUMN replaced_by_product_id text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE unit_coverage DROP COLUMN replaced_by_product_id`);
  }
}
