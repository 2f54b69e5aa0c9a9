import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ClaimStatus1795400003000 implements MigrationInterface {
  name = 'ClaimStatus1795400003000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE claim_status (
        claim_id              text        COLLATE "C" PRIMARY KEY,
        state                 text        NOT NULL CHECK (state IN ('submitted', 'under_review',
                                'info_requested', 'approved', 'rejected', 'appealed',
                                'in_fulfilment', 'resolved', 'closed', 'withdrawn')),
        retailer_id           text        NOT NULL,
        manufacturer_id       text        NOT NULL,
        serial_number         text        NOT NULL,
        product_id            text,
        model                 text,
        product_category      text,
        defect_category       text        NOT NULL,
        defect_description    text        NOT NULL,
        customer_email        text        NOT NULL,
        requested_resolution  text        NOT NULL,
        decision              text        CHECK (decision IN ('approved', 'rejected')),
        decided_by            text,
        approved_resolution   text,
        approved_amount       bigint,
        approved_currency     text,
        goodwill              boolean     NOT NULL DEFAULT false,
        rejection_reason      text,
        rejection_final       boolean     NOT NULL DEFAULT false,
        coverage_covered      boolean     NOT NULL,
        coverage_plan_code    text,
        coverage_end_date     date,
        coverage_reason       text,
        coverage_source       text        NOT NULL,
        flags                 text[]      NOT NULL DEFAULT '{}',
        flagged               boolean     NOT NULL DEFAULT false,
        appeal_used           boolean     NOT NULL DEFAULT false,
        info_question         text,
        info_due_by           timestamptz,
        outcome               text,
        filed_at              timestamptz NOT NULL,
        review_started_at     timestamptz,
        info_requested_at     timestamptz,
        info_provided_at      timestamptz,
        decided_at            timestamptz,
        appealed_at           timestamptz,
        withdrawn_at          timestamptz,
        fulfilment_started_at timestamptz,
        resolved_at           timestamptz,
        closed_at             timestamptz,
        rma_id                text,
        repair_order_id       text,
        last_event_at         timestamptz NOT NULL,
        last_revision         int         NOT NULL,
        updated_position      bigint      NOT NULL
      )`);
    // The list's order is (filed_at DESC, claim_id DESC), claim ids in byte order whatever the
    // database's locale; each index ends with it.
    await queryRunner.query(
      `CREATE INDEX claim_status_manufacturer
         ON claim_status (manufacturer_id, state, filed_at DESC, claim_id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX claim_status_retailer
         ON claim_status (retailer_id, state, filed_at DESC, claim_id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX claim_status_serial ON claim_status (serial_number, filed_at DESC, claim_id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX claim_status_filed ON claim_status (filed_at DESC, claim_id DESC)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE claim_status`);
  }
}
