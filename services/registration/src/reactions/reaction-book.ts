import type { Pool } from 'pg';
import {
  CheckpointFromOtherStoreError,
  type GlobalPosition,
  type RecordedEvent,
  type StoreKind,
} from '@warranty/event-store';
import { migrate, type SqlMigration } from '@warranty/postgres';

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
  code: string;
  reason: string;
}

/**
 * A reaction's bookkeeping: where it resumes on the store's feed (Kafka keeps its own offsets) and
 * the events it refused. Its effects converge on their own, so the checkpoint may trail them.
 */
export class ReactionBook {
  constructor(
    private readonly pool: Pool,
    private readonly name: string,
    private readonly storeKind: StoreKind,
  ) {}

  /** Migrates, and refuses a checkpoint another store's log wrote. */
  async prepare(): Promise<void> {
    await migrate(this.pool, 'registration-reactions', migrations);
    const { rows } = await this.pool.query<{ store_kind: StoreKind }>(
      `SELECT store_kind FROM registration.reaction_checkpoints WHERE name = $1`,
      [this.name],
    );
    if (rows[0] && rows[0].store_kind !== this.storeKind)
      throw new CheckpointFromOtherStoreError(this.name, rows[0].store_kind, this.storeKind);
  }

  async checkpoint(): Promise<GlobalPosition | undefined> {
    const { rows } = await this.pool.query<{ position: string }>(
      `SELECT position::text FROM registration.reaction_checkpoints WHERE name = $1`,
      [this.name],
    );
    return rows[0] ? BigInt(rows[0].position) : undefined;
  }

  async handled(event: RecordedEvent): Promise<void> {
    await this.pool.query(
      `INSERT INTO registration.reaction_checkpoints AS c (name, position, store_kind)
       VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET position = greatest(c.position, excluded.position),
         store_kind = excluded.store_kind, updated_at = now()`,
      [this.name, event.position.toString(), this.storeKind],
    );
  }

  /** Once per event: a redelivery keeps the first record. */
  async refused(event: RecordedEvent, code: string, reason: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO registration.replacement_conflicts (event_id, stream_id, position, code, reason)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (event_id) DO NOTHING`,
      [event.id, event.streamId, event.position.toString(), code, reason.slice(0, 2000)],
    );
  }

  async conflicts(): Promise<ReplacementConflict[]> {
    const { rows } = await this.pool.query<ReplacementConflict>(
      `SELECT event_id AS "eventId", stream_id AS "streamId", code, reason
         FROM registration.replacement_conflicts ORDER BY position`,
    );
    return rows;
  }
}
