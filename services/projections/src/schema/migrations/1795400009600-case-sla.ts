import type { MigrationInterface, QueryRunner } from 'typeorm';

/** One row per `sla-` stream: the SLAs of a claim, RMA or repair order, for the case view. */
export class CaseSla1795400009600 implements MigrationInterface {
  name = 'CaseSla1795400009600';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE case_sla (
        subject_key       text   COLLATE "C" PRIMARY KEY,
        subject_kind      text   NOT NULL CHECK (subject_kind IN ('claim', 'rma', 'repair')),
        subject_id        text   NOT NULL,
        timers            jsonb  NOT NULL,
        last_revision     int    NOT NULL,
        updated_position  bigint NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE case_sla`);
  }
}
