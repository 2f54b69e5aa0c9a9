import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The unit of each timer's SLA target, so the time left is worded in business or calendar units. */
export class SlaTimersTargetUnit1795400009700 implements MigrationInterface {
  name = 'SlaTimersTargetUnit1795400009700';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Null on the rows from before: those are worded in business time, as they were.
    await queryRunner.query(`ALTER TABLE sla_timers ADD COLUMN target_unit text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE sla_timers DROP COLUMN target_unit`);
  }
}
