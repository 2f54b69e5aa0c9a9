import type { Pool, PoolClient } from 'pg';
import {
  CheckpointFromOtherStoreError,
  type GlobalPosition,
  type StoreKind,
} from '@warranty/event-store';

/**
 * Where a feed consumer that keeps its bookkeeping in plain SQL resumes: a row of its table
 * (name, position, store_kind, updated_at), moved forward only, never taken from another store's log.
 */
export class FeedCheckpointTable {
  constructor(
    /** Schema-qualified table name, e.g. `workflow.checkpoints`. */
    private readonly table: string,
    private readonly name: string,
    private readonly storeKind: StoreKind,
  ) {}

  /** Throws CheckpointFromOtherStoreError when another store's positions were recorded here. */
  async verifyStoreKind(db: Pool | PoolClient): Promise<void> {
    const { rows } = await db.query<{ store_kind: StoreKind }>(
      `SELECT store_kind FROM ${this.table} WHERE name = $1`,
      [this.name],
    );
    if (rows[0] && rows[0].store_kind !== this.storeKind)
      throw new CheckpointFromOtherStoreError(this.name, rows[0].store_kind, this.storeKind);
  }

  async load(db: Pool | PoolClient): Promise<GlobalPosition | undefined> {
    const { rows } = await db.query<{ position: string }>(
      `SELECT position::text FROM ${this.table} WHERE name = $1`,
      [this.name],
    );
    return rows[0] ? BigInt(rows[0].position) : undefined;
  }

  /** Never back: a partitioned feed is not globally ordered. */
  async moveTo(db: Pool | PoolClient, position: GlobalPosition): Promise<void> {
    await db.query(
      `INSERT INTO ${this.table} AS c (name, position, store_kind) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET position = greatest(c.position, excluded.position),
         store_kind = excluded.store_kind, updated_at = now()`,
      [this.name, position.toString(), this.storeKind],
    );
  }
}
