import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RmaQueue1795400004200 implements MigrationInterface {
  name = 'RmaQueue1795400004200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE rma_queue (
        rma_id           text        COLLATE "C" PRIMARY KEY,
        rma_number       text        NOT NULL,
        type             text        NOT NULL CHECK (type IN ('warranty_return', 'exchange',
                           'refund_return', 'advance_exchange')),
        state            text        NOT NULL CHECK (state IN ('authorized', 'in_transit',
                           'received', 'inspected', 'exchanged', 'refunded', 'credited',
                           'sent_to_repair', 'returned_to_customer', 'scrapped', 'mixed',
                           'closed', 'expired', 'cancelled')),
        manufacturer_id  text        NOT NULL,
        retailer_id      text,
        claim_id         text,
        lines            jsonb       NOT NULL,
        lines_count      int         NOT NULL,
        serial_numbers   text[]      NOT NULL,
        return_by        date        NOT NULL,
        carrier          text,
        tracking_number  text,
        steps            jsonb       NOT NULL,
        authorized_at    timestamptz NOT NULL,
        last_event_at    timestamptz NOT NULL,
        last_revision    int         NOT NULL,
        updated_position bigint      NOT NULL
      )`);
    // The queue's order is (authorized_at, rma_id), either way; each index ends with it.
    await queryRunner.query(
      `CREATE INDEX rma_queue_manufacturer
         ON rma_queue (manufacturer_id, state, authorized_at, rma_id)`,
    );
    await queryRunner.query(
      `CREATE INDEX rma_queue_retailer ON rma_queue (retailer_id, state, authorized_at, rma_id)`,
    );
    await queryRunner.query(
      `CREATE INDEX rma_queue_authorized ON rma_queue (authorized_at, rma_id)`,
    );
    await queryRunner.query(
      `CREATE INDEX rma_queue_serials ON rma_queue USING gin (serial_numbers)`,
    );
    await queryRunner.query(
      `CREATE INDEX rma_queue_claim ON rma_queue (claim_id, authorized_at) WHERE claim_id IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE rma_queue`);
  }
}
