import type { MigrationInterface, QueryRunner } from 'typeorm';

/** When each timer breached: its due time then, which a later resume or stop does not move. */
export class SlaTimersBreachedAt1795400010960 implements MigrationInterface {
  name = 'SlaTimersBreachedAt1795400010960';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Null on the rows from before: their due time stands in, until a rebuild fills it.
    await queryRunner.query(`ALTER TABLE sla_timers ADD COLUMN breached_at timestamptz`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE sla_timers DROP COLUMN breached_at`);
  }
}
