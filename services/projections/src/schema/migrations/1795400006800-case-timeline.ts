import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CaseTimeline1795400006800 implements MigrationInterface {
  name = 'CaseTimeline1795400006800';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE case_timeline (
        stream_id        text        COLLATE "C" NOT NULL,
        revision         int         NOT NULL,
        position         bigint      NOT NULL,
        claim_id         text,
        source           text        NOT NULL,
        subject_id       text        NOT NULL,
        type             text        NOT NULL,
        actor_role       text,
        description      text        NOT NULL,
        at               timestamptz NOT NULL,
        PRIMARY KEY (stream_id, revision)
      )`);
    await queryRunner.query(
      `CREATE INDEX case_timeline_claim ON case_timeline (claim_id, position) WHERE claim_id IS NOT NULL`,
    );
    // Which claim an RMA or repair stream belongs to; a repair may only know its RMA at first.
    await queryRunner.query(`
      CREATE TABLE case_timeline_links (
        stream_id   text COLLATE "C" PRIMARY KEY,
        claim_id    text,
        rma_id      text,
        label       text NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX case_timeline_links_rma ON case_timeline_links (rma_id) WHERE rma_id IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE case_timeline_links`);
    await queryRunner.query(`DROP TABLE case_timeline`);
  }
}
