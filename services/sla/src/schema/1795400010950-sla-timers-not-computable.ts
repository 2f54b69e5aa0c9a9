import type { MigrationInterface, QueryRunner } from 'typeorm';

/** SLAs whose due time cannot be computed: no due instants, a reason, and their own state. */
export class SlaTimersNotComputable1795400010950 implements MigrationInterface {
  name = 'SlaTimersNotComputable1795400010950';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE sla_timers
        ALTER COLUMN at_risk_at DROP NOT NULL,
        ALTER COLUMN due_at DROP NOT NULL,
        ADD COLUMN not_computable_reason text,
        DROP COLUMN state`);
    await queryRunner.query(`
      ALTER TABLE sla_timers ADD COLUMN state text GENERATED ALWAYS AS (CASE
        WHEN phase = 'stopped' THEN outcome
        WHEN phase = 'not_computable' THEN 'not_computable'
        WHEN breached THEN 'breached'
        WHEN at_risk THEN 'at_risk'
        ELSE phase END) STORED`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM sla_timers WHERE phase = 'not_computable'`);
    await queryRunner.query(`
      ALTER TABLE sla_timers
        DROP COLUMN state,
        DROP COLUMN not_computable_reason,
        ALTER COLUMN at_risk_at SET NOT NULL,
        ALTER COLUMN due_at SET NOT NULL`);
    await queryRunner.query(`
      ALTER TABLE sla_timers ADD COLUMN state text GENERATED ALWAYS AS (CASE
        WHEN phase = 'stopped' THEN outcome
        WHEN breached THEN 'breached'
        WHEN at_risk THEN 'at_risk'
        ELSE phase END) STORED`);
  }
}
