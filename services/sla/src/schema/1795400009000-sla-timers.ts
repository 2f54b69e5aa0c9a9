import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SlaTimers1795400009000 implements MigrationInterface {
  name = 'SlaTimers1795400009000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE sla_timers (
        subject_key        text        NOT NULL,
        sla                text        NOT NULL,
        subject_kind       text        NOT NULL,
        subject_id         text        NOT NULL,
        manufacturer_id    text        NOT NULL,
        retailer_id        text,
        service_center_id  text,
        category           text,
        phase              text        NOT NULL,
        at_risk            boolean     NOT NULL DEFAULT false,
        breached           boolean     NOT NULL DEFAULT false,
        outcome            text,
        state              text        GENERATED ALWAYS AS (CASE
                             WHEN phase = 'stopped' THEN outcome
                             WHEN breached THEN 'breached'
                             WHEN at_risk THEN 'at_risk'
                             ELSE phase END) STORED,
        budget_ms          bigint      NOT NULL,
        used_ms            bigint      NOT NULL DEFAULT 0,
        calendar           jsonb       NOT NULL,
        started_at         timestamptz NOT NULL,
        running_since      timestamptz NOT NULL,
        at_risk_at         timestamptz NOT NULL,
        due_at             timestamptz NOT NULL,
        stopped_at         timestamptz,
        PRIMARY KEY (subject_key, sla)
      )`);
    await queryRunner.query(`CREATE INDEX sla_timers_due ON sla_timers (due_at, subject_key, sla)`);
    await queryRunner.query(
      `CREATE INDEX sla_timers_manufacturer ON sla_timers (manufacturer_id, due_at)`,
    );
    await queryRunner.query(`CREATE INDEX sla_timers_retailer ON sla_timers (retailer_id, due_at)`);
    await queryRunner.query(`CREATE INDEX sla_timers_subject ON sla_timers (subject_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE sla_timers`);
  }
}
