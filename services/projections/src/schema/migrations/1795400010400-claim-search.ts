import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Claim search: the customer's name on the row, a trigram index over what a claim said when
 * filed, and RMA numbers by key. Rows filed before have no name until claim-status is rebuilt.
 * The document's expression is the one `claimSearchDocument` builds; a spec proves the list's
 * search reads this index.
 */
export class ClaimSearch1795400010400 implements MigrationInterface {
  name = 'ClaimSearch1795400010400';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(`ALTER TABLE claim_status ADD COLUMN customer_name text`);
    await queryRunner.query(`
      CREATE INDEX claim_status_search ON claim_status USING gin ((lower(
        claim_id || E'\\n' || serial_number || E'\\n' || coalesce(model, '') || E'\\n' ||
        customer_email || E'\\n' || coalesce(customer_name, '') || E'\\n' || defect_category ||
        E'\\n' || defect_description))
        gin_trgm_ops)`);
    await queryRunner.query(`CREATE INDEX rma_queue_number ON rma_queue (rma_number)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX rma_queue_number`);
    await queryRunner.query(`DROP INDEX claim_status_search`);
    await queryRunner.query(`ALTER TABLE claim_status DROP COLUMN customer_name`);
  }
}
