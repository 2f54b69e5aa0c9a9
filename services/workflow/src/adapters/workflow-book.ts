import type { Pool, PoolClient } from 'pg';
import type { GlobalPosition, RecordedEvent, StoreKind } from '@warranty/event-store';
import { migrate, type SqlMigration } from '@warranty/postgres';
import { FeedCheckpointTable } from '@warranty/read-models';
import type { FulfilmentCase } from '../domain/fulfilment-case';

const migrations: SqlMigration[] = [
  {
    version: 1,
    name: "the workflow's cases, its checkpoint and the commands it parked",
    sql: `
      CREATE SCHEMA IF NOT EXISTS workflow;
      CREATE TABLE workflow.cases (
        claim_id        text PRIMARY KEY,
        rma_id          text UNIQUE,
        repair_order_id text UNIQUE,
        state           jsonb NOT NULL,
        updated_at      timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE workflow.checkpoints (
        name       text PRIMARY KEY,
        position   numeric(20) NOT NULL,
        store_kind text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE workflow.parked_commands (
        event_id     text NOT NULL,
        command_type text NOT NULL,
        stream_id    text NOT NULL,
        position     numeric(20) NOT NULL,
        error        text NOT NULL,
        parked_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (event_id, command_type)
      );
    `,
  },
  {
    version: 2,
    name: "per handled event, the last position the workflow's commands wrote",
    sql: `
      CREATE TABLE workflow.frontier (
        name     text NOT NULL,
        position numeric(20) NOT NULL,
        wrote    numeric(20) NOT NULL,
        PRIMARY KEY (name, position)
      );
    `,
  },
];

/** The command type a parked event is listed under: the reaction to it failed, not one command. */
export const PARKED_REACTION = 'reaction';

export interface ParkedCommand {
  eventId: string;
  commandType: string;
  streamId: string;
  error: string;
}

export type CaseKey = { claimId: string } | { rmaId: string } | { repairOrderId: string };

/** The workflow's own state: its cases, where it resumes on the store's feed, and what it parked. */
export class WorkflowBook {
  private readonly checkpoints: FeedCheckpointTable;

  constructor(
    private readonly pool: Pool,
    private readonly name: string,
    storeKind: StoreKind,
  ) {
    this.checkpoints = new FeedCheckpointTable('workflow.checkpoints', name, storeKind);
  }

  async prepare(): Promise<void> {
    await migrate(this.pool, 'workflow', migrations);
    await this.checkpoints.verifyStoreKind(this.pool);
  }

  checkpoint(): Promise<GlobalPosition | undefined> {
    return this.checkpoints.load(this.pool);
  }

  async caseFor(key: CaseKey): Promise<FulfilmentCase | null> {
    const [column, value] =
      'claimId' in key
        ? ['claim_id', key.claimId]
        : 'rmaId' in key
          ? ['rma_id', key.rmaId]
          : ['repair_order_id', key.repairOrderId];
    const { rows } = await this.pool.query<{ state: FulfilmentCase }>(
      `SELECT state FROM workflow.cases WHERE ${column} = $1`,
      [value],
    );
    return rows[0]?.state ?? null;
  }

  /** The last position written by the commands of the events handled up to `position`. */
  async frontier(position: GlobalPosition): Promise<GlobalPosition | undefined> {
    const { rows } = await this.pool.query<{ wrote: string | null }>(
      `SELECT max(wrote)::text AS wrote FROM workflow.frontier WHERE name = $1 AND position <= $2`,
      [this.name, position.toString()],
    );
    return rows[0]?.wrote ? BigInt(rows[0].wrote) : undefined;
  }

  /**
   * The case as the event left it, the position its commands wrote up to, and the checkpoint past
   * the event, together.
   */
  async handled(
    event: RecordedEvent,
    known: FulfilmentCase | null,
    wrote?: GlobalPosition,
  ): Promise<void> {
    await this.inTransaction(async (client) => {
      if (known)
        await client.query(
          `INSERT INTO workflow.cases (claim_id, rma_id, repair_order_id, state)
           VALUES ($1, $2, $3, $4)
           ON CONFLICT (claim_id) DO UPDATE SET rma_id = excluded.rma_id,
             repair_order_id = excluded.repair_order_id, state = excluded.state, updated_at = now()`,
          [known.claimId, known.rmaId, known.repairOrderId, JSON.stringify(known)],
        );
      if (wrote !== undefined)
        await client.query(
          `INSERT INTO workflow.frontier AS f (name, position, wrote) VALUES ($1, $2, $3)
           ON CONFLICT (name, position) DO UPDATE SET wrote = greatest(f.wrote, excluded.wrote)`,
          [this.name, event.position.toString(), wrote.toString()],
        );
      await this.checkpoints.moveTo(client, event.position);
    });
  }

  /** An event the workflow could not handle, with its error, and the checkpoint past it together. */
  async parkEvent(event: RecordedEvent, error: string): Promise<void> {
    await this.inTransaction(async (client) => {
      await this.park(event, PARKED_REACTION, error, client);
      await this.checkpoints.moveTo(client, event.position);
    });
  }

  /** Once per event and command: a redelivery keeps the first record. */
  async park(
    event: RecordedEvent,
    commandType: string,
    error: string,
    db: Pool | PoolClient = this.pool,
  ): Promise<void> {
    await db.query(
      `INSERT INTO workflow.parked_commands (event_id, command_type, stream_id, position, error)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [event.id, commandType, event.streamId, event.position.toString(), error.slice(0, 2000)],
    );
  }

  async parkedCount(): Promise<number> {
    const { rows } = await this.pool.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM workflow.parked_commands`,
    );
    return rows[0].count;
  }

  async parked(): Promise<ParkedCommand[]> {
    const { rows } = await this.pool.query<ParkedCommand>(
      `SELECT event_id AS "eventId", command_type AS "commandType", stream_id AS "streamId", error
         FROM workflow.parked_commands ORDER BY position, command_type`,
    );
    return rows;
  }

  private async inTransaction(work: (client: PoolClient) => Promise<void>): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await work(client);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}
