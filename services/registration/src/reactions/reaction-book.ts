import type { Pool } from 'pg';
import type { GlobalPosition, RecordedEvent, StoreKind } from '@warranty/event-store';
import { migrate, type SqlMigration } from '@warranty/postgres';
import { FeedCheckpointTable } from '@warranty/read-models';

const migrations: SqlMigration[] = [
  {
    version: 1,
    name: "registration's reaction checkpoints and the exchanges it could not register",
    sql: `
      CREATE SCHEMA IF NOT EXISTS registration;
      CREATE TABLE registration.reaction_checkpoints (
        name       text PRIMARY KEY,
        position   numeric(20) NOT NULL,
        store_kind text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE registration.replacement_conflicts (
        event_id    text PRIMARY KEY,
        stream_id   text NOT NULL,
        position    numeric(20) NOT NULL,
        code        text NOT NULL,
        reason      text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
];

export interface ReplacementConflict {
  eventId: string;
  streamId: string;
  position: string;
  code: string;
  reason: string;
  recordedAt: string;
}

/** Refusals are exceptional; a list longer than this is a fault to look at in the table itself. */
const CONFLICTS_LISTED = 1_000;

/**
 * A reaction's bookkeeping: where it resumes on the store's feed (Kafka keeps its own offsets) and
 * the events it refused. Its effects converge on their own, so the checkpoint may trail them.
 */
export class ReactionBook {
  private readonly checkpoints: FeedCheckpointTable;

  constructor(
    private readonly pool: Pool,
    name: string,
    storeKind: StoreKind,
  ) {
    this.checkpoints = new FeedCheckpointTable(
      'registration.reaction_checkpoints',
      name,
      storeKind,
    );
  }

  /** Migrates, and refuses a checkpoint another store's log wrote. */
  async prepare(): Promise<void> {
    await migrate(this.pool, 'registration-reactions', migrations);
    await this.checkpoints.verifyStoreKind(this.pool);
  }

  checkpoint(): Promise<GlobalPosition | undefined> {
    return this.checkpoints.load(this.pool);
  }

  handled(event: RecordedEvent): Promise<void> {
    return this.checkpoints.moveTo(this.pool, event.position);
  }

  /** Once per event: a redelivery keeps the first record. */
  async refused(event: RecordedEvent, code: string, reason: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO registration.replacement_conflicts (event_id, stream_id, position, code, reason)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (event_id) DO NOTHING`,
      [event.id, event.streamId, event.position.toString(), code, reason.slice(0, 2000)],
    );
  }

  /** The newest refusals first (by the numeric column: the text alias sorts "9…" after "10…"). */
  async conflicts(): Promise<ReplacementConflict[]> {
    const { rows } = await this.pool.query<
      Omit<ReplacementConflict, 'recordedAt'> & { recordedAt: Date }
    >(
      `SELECT event_id AS "eventId", stream_id AS "streamId", position::text AS position, code,
              reason, recorded_at AS "recordedAt"
         FROM registration.replacement_conflicts c ORDER BY c.position DESC LIMIT $1`,
      [CONFLICTS_LISTED],
    );
    return rows.map((row) => ({ ...row, recordedAt: row.recordedAt.toISOString() }));
  }
}
