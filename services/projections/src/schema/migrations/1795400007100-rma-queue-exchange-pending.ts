import type { MigrationInterface, QueryRunner } from 'typeorm';

const STATES_BEFORE = `'authorized', 'in_transit', 'received', 'inspected', 'exchanged',
  'refunded', 'credited', 'sent_to_repair', 'returned_to_customer', 'scrapped', 'mixed', 'closed',
  'expired', 'cancelled'`;

/** A line switched from repair to an exchange holds its RMA in `exchange_pending`. */
export class RmaQueueExchangePending1795400007100 implements MigrationInterface {
  name = 'RmaQueueExchangePending1795400007100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE rma_queue DROP CONSTRAINT rma_queue_state_check`);
    await queryRunner.query(
      `ALTER TABLE rma_queue ADD CONSTRAINT rma_queue_state_check
         CHECK (state IN (${STATES_BEFORE}, 'exchange_pending'))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE rma_queue DROP CONSTRAINT rma_queue_state_check`);
    await queryRunner.query(
      `ALTER TABLE rma_queue ADD CONSTRAINT rma_queue_state_check CHECK (state IN (${STATES_BEFORE}))`,
    );
  }
}
