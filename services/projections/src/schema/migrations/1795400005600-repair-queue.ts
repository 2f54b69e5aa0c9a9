import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RepairQueue1795400005600 implements MigrationInterface {
  name = 'RepairQueue1795400005600';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE repair_queue (
        repair_order_id        text        COLLATE "C" PRIMARY KEY,
        state                  text        NOT NULL,
        manufacturer_id        text        NOT NULL,
        retailer_id            text,
        service_center_id      text        NOT NULL,
        claim_id               text,
        rma_id                 text,
        product_id             text        NOT NULL,
        serial_number          text        NOT NULL,
        covered                boolean     NOT NULL,
        reported_defect        text        NOT NULL,
        technician_id          text,
        findings               text,
        fault_code             text,
        quality_check_failures int         NOT NULL DEFAULT 0,
        flagged                boolean     NOT NULL DEFAULT false,
        carrier                text,
        tracking_number        text,
        outcome                text,
        steps                  jsonb       NOT NULL,
        opened_at              timestamptz NOT NULL,
        due_on                 date        NOT NULL,
        last_event_at          timestamptz NOT NULL,
        last_revision          int         NOT NULL,
        updated_position       bigint      NOT NULL
      )`);
    // The queue's order is (opened_at, repair_order_id); each scope's index ends with it.
    for (const [name, column] of [
      ['repair_queue_service_center', 'service_center_id'],
      ['repair_queue_manufacturer', 'manufacturer_id'],
      ['repair_queue_retailer', 'retailer_id'],
    ])
      await queryRunner.query(
        `CREATE INDEX ${name} ON repair_queue (${column}, state, opened_at, repair_order_id)`,
      );
    await queryRunner.query(
      `CREATE INDEX repair_queue_opened ON repair_queue (opened_at, repair_order_id)`,
    );
    // The holders port and the service history look orders up by unit, claim and RMA.
    await queryRunner.query(
      `CREATE INDEX repair_queue_product ON repair_queue (product_id, opened_at)`,
    );
    await queryRunner.query(
      `CREATE INDEX repair_queue_claim ON repair_queue (claim_id) WHERE claim_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX repair_queue_rma ON repair_queue (rma_id) WHERE rma_id IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE repair_queue`);
  }
}
