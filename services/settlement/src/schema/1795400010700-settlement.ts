import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Settlement1795400010700 implements MigrationInterface {
  name = 'Settlement1795400010700';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE settlement_payables (
        payable_id       text        PRIMARY KEY,
        manufacturer_id  text        NOT NULL,
        payee_kind       text        NOT NULL,
        payee_id         text        NOT NULL,
        source_kind      text        NOT NULL,
        source_id        text        NOT NULL,
        line_id          text,
        amount           bigint      NOT NULL,
        currency         text        NOT NULL,
        owed_since       timestamptz NOT NULL,
        settlement_id    text,
        paid_on          date
      )`);
    await queryRunner.query(
      `CREATE INDEX settlement_payables_by_manufacturer
         ON settlement_payables (manufacturer_id, owed_since, payable_id)`,
    );
    await queryRunner.query(
      `CREATE INDEX settlement_payables_by_payee
         ON settlement_payables (payee_kind, payee_id, owed_since, payable_id)`,
    );
    await queryRunner.query(`
      CREATE TABLE settlements (
        settlement_id    text        PRIMARY KEY,
        stream_id        text        NOT NULL,
        manufacturer_id  text        NOT NULL,
        payee_kind       text        NOT NULL,
        payee_id         text        NOT NULL,
        currency         text        NOT NULL,
        total            bigint      NOT NULL,
        items            jsonb       NOT NULL,
        reference        text        NOT NULL,
        paid_on          date        NOT NULL,
        note             text        NOT NULL,
        recorded_by      text        NOT NULL,
        recorded_at      timestamptz NOT NULL,
        reversed_at      timestamptz,
        reversal_reason  text,
        reversed_by      text,
        revision         integer     NOT NULL,
        position         bigint      NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX settlements_by_manufacturer ON settlements (manufacturer_id, position)`,
    );
    await queryRunner.query(
      `CREATE INDEX settlements_by_payee ON settlements (payee_kind, payee_id, position)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE settlements`);
    await queryRunner.query(`DROP TABLE settlement_payables`);
  }
}
