import type { MigrationInterface, QueryRunner } from 'typeorm';

export class UnitCoverage1795400001000 implements MigrationInterface {
  name = 'UnitCoverage1795400001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE unit_coverage (
        product_id        text    PRIMARY KEY,
        manufacturer_id   text    NOT NULL,
        serial_number     text    NOT NULL,
        model             text    NOT NULL,
        category          text    NOT NULL,
        retailer_id       text    NOT NULL,
        purchase_date     date    NOT NULL,
        plan_code         text    NOT NULL,
        coverage_kinds    text[]  NOT NULL,
        transferable      boolean NOT NULL,
        coverage_start    date    NOT NULL,
        coverage_end      date    NOT NULL,
        coverage_ended_on date,
        status            text    NOT NULL CHECK (status IN ('active', 'voided', 'cancelled')),
        owner_customer_id text    NOT NULL,
        last_revision     int     NOT NULL,
        updated_position  bigint  NOT NULL
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX unit_coverage_serial ON unit_coverage (manufacturer_id, serial_number)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE unit_coverage`);
  }
}
