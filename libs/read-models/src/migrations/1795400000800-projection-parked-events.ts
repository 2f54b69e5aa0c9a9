import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ProjectionParkedEvents1795400000800 implements MigrationInterface {
  name = 'ProjectionParkedEvents1795400000800';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE projection_parked_events (
        projection      text        NOT NULL,
        stream_id       text        NOT NULL,
        revision        bigint      NOT NULL,
        position        bigint      NOT NULL,
        event_id        text        NOT NULL,
        event_type      text        NOT NULL,
        recorded_at     timestamptz NOT NULL,
        data            json        NOT NULL,
        metadata        json        NOT NULL,
        error           text,
        attempts        integer     NOT NULL DEFAULT 0,
        first_failed_at timestamptz,
        last_failed_at  timestamptz,
        parked_at       timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (projection, stream_id, revision)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE projection_parked_events`);
  }
}
