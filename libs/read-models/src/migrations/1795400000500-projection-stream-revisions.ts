import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ProjectionStreamRevisions1795400000500 implements MigrationInterface {
  name = 'ProjectionStreamRevisions1795400000500';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE projection_stream_revisions (
        projection text   NOT NULL,
        stream_id  text   NOT NULL,
        revision   bigint NOT NULL,
        PRIMARY KEY (projection, stream_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE projection_stream_revisions`);
  }
}
