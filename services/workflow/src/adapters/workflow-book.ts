import type { Pool, PoolClient } from 'pg';
import type { GlobalPosition, RecordedEvent, StoreKind } from '@warranty/event-store';
import { migrate, type SqlMigration } from '@warranty/postgres';
import { FeedCheckpointTable } from '@warranty/read-models';
import type { FulfilmentCase } from '../domain/fulfilment-case';
import { type CommandParked, type Parked, PARKED_REACTION } from '../domain/parking';
import { parkedCommands } from './parked-commands';

export const workflowMigrations: SqlMigration[] = [
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
  {
    version: 3,
    name: 'what a redrive needs of a parked entry: event type, attempts, last failure, starting case',
    sql: `
      ALTER TABLE workflow.parked_commands
        ADD COLUMN event_type     text,
        ADD COLUMN attempts       integer NOT NULL DEFAULT 1,
        ADD COLUMN last_failed_at timestamptz,
        ADD COLUMN case_before    jsonb;
      -- A reaction was parked after MAX_EVENT_ATTEMPTS; a command after at least one send.
      UPDATE workflow.parked_commands SET attempts = 5 WHERE command_type = 'reaction';
      UPDATE workflow.parked_commands SET last_failed_at = parked_at;
      ALTER TABLE workflow.parked_commands
        ALTER COLUMN last_failed_at SET NOT NULL,
        ALTER COLUMN last_failed_at SET DEFAULT now();
    `,
  },
];

export type CaseKey = { claimId: string } | { rmaId: string } | { repairOrderId: string };

/** What one run of an event's reaction leaves to record. */
export interface ReactionRecord {
  /** The case the run read and the case it leaves; absent, no case is recorded. */
  case?: { before: FulfilmentCase | null; after: FulfilmentCase | null };
  /** The last position its commands wrote. */
  wrote?: GlobalPosition;
  /** The command it gave up on, if any. */
  parked: readonly CommandParked[];
}

/** Another writer recorded the case after this run read it: the run is to be made again. */
export class CaseChangedError extends Error {
  constructor(claimId: string) {
    super(`the case of claim ${claimId} changed while the event was handled`);
    this.name = 'CaseChangedError';
  }
}

/** Another redrive of the event holds its parked rows. */
export class RedriveRunningError extends Error {
  constructor(eventId: string) {
    super(`Another redrive of ${eventId} is under way.`);
    this.name = 'RedriveRunningError';
  }
}

/** A redrive's hold on one event's parked rows, until its transaction ends. */
export interface ParkedEventTransaction {
  /** The run's case, frontier and parked commands, as a live run's; false if the case changed. */
  record(event: RecordedEvent, run: ReactionRecord): Promise<boolean>;
  /** The run failed before its reaction ran to the end. */
  failedAgain(error: string): Promise<void>;
  /** The event's rows as they now stand. */
  parked(): Promise<Parked[]>;
}

/** PostgreSQL's lock_not_available, which FOR UPDATE NOWAIT raises. */
const LOCK_NOT_AVAILABLE = '55P03';

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
    await migrate(this.pool, 'workflow', workflowMigrations);
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
   * The case as the event left it, the position its commands wrote up to, what it parked and the
   * checkpoint past the event, together. Throws CaseChangedError, writing nothing, when another
   * writer (a redrive) recorded the case after this run read it.
   */
  async handled(event: RecordedEvent, run: ReactionRecord): Promise<void> {
    await this.inTransaction(async (client) => {
      if (!(await this.record(client, event, run)))
        throw new CaseChangedError(run.case?.after?.claimId ?? '?');
      await this.checkpoints.moveTo(client, event.position);
    });
  }

  /** An event the workflow could not handle, with its error, and the checkpoint past it together. */
  async parkEvent(event: RecordedEvent, error: string, attempts: number): Promise<void> {
    await this.inTransaction(async (client) => {
      await parkedCommands.park(client, event, {
        commandType: PARKED_REACTION,
        error,
        attempts,
      });
      await this.checkpoints.moveTo(client, event.position);
    });
  }

  parkedCount(): Promise<number> {
    return parkedCommands.count(this.pool);
  }

  parked(): Promise<Parked[]> {
    return parkedCommands.list(this.pool);
  }

  /**
   * Runs `work` on the event's parked rows, locked in one transaction that `work`'s writes join and
   * that commits when it returns, so a live run parking the same event waits for it. Undefined when
   * nothing is parked for the event; RedriveRunningError when another transaction holds its rows.
   * The checkpoint is left where it is: the feed went past the event when it was parked.
   */
  async withParked<T>(
    eventId: string,
    work: (parked: Parked[], transaction: ParkedEventTransaction) => Promise<T>,
  ): Promise<T | undefined> {
    return this.inTransaction(async (client) => {
      let parked: Parked[];
      try {
        parked = await parkedCommands.lock(client, eventId);
      } catch (error) {
        if ((error as { code?: unknown }).code === LOCK_NOT_AVAILABLE)
          throw new RedriveRunningError(eventId);
        throw error;
      }
      if (parked.length === 0) return undefined;
      return work(parked, {
        record: (event, run) => savepoint(client, () => this.record(client, event, run)),
        failedAgain: (error) => parkedCommands.failedAgain(client, eventId, error),
        parked: () => parkedCommands.list(client, eventId),
      });
    });
  }

  /** Case, frontier and parked commands of a run; false, writing nothing, if the case changed. */
  private async record(
    client: PoolClient,
    event: RecordedEvent,
    run: ReactionRecord,
  ): Promise<boolean> {
    if (run.case && !(await this.recordCase(client, run.case.before, run.case.after))) return false;
    if (run.wrote !== undefined)
      await client.query(
        `INSERT INTO workflow.frontier AS f (name, position, wrote) VALUES ($1, $2, $3)
         ON CONFLICT (name, position) DO UPDATE SET wrote = greatest(f.wrote, excluded.wrote)`,
        [this.name, event.position.toString(), run.wrote.toString()],
      );
    await parkedCommands.settle(client, event, run.parked);
    return true;
  }

  /** Compare-and-set: written only over the case the run read (none: only if there still is none). */
  private async recordCase(
    client: PoolClient,
    before: FulfilmentCase | null,
    after: FulfilmentCase | null,
  ): Promise<boolean> {
    if (!after || after === before) return true;
    const values = [after.claimId, after.rmaId, after.repairOrderId, JSON.stringify(after)];
    const { rowCount } = before
      ? await client.query(
          `UPDATE workflow.cases SET rma_id = $2, repair_order_id = $3, state = $4, updated_at = now()
            WHERE claim_id = $1 AND state = $5::jsonb`,
          [...values, JSON.stringify(before)],
        )
      : await client.query(
          `INSERT INTO workflow.cases (claim_id, rma_id, repair_order_id, state)
           VALUES ($1, $2, $3, $4) ON CONFLICT (claim_id) DO NOTHING`,
          values,
        );
    return rowCount === 1;
  }

  private async inTransaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}

/** A statement that fails rolls back to here only, so the transaction can still record why. */
async function savepoint<T>(client: PoolClient, work: () => Promise<T>): Promise<T> {
  await client.query('SAVEPOINT record_run');
  try {
    const result = await work();
    await client.query('RELEASE SAVEPOINT record_run');
    return result;
  } catch (error) {
    await client.query('ROLLBACK TO SAVEPOINT record_run');
    throw error;
  }
}
