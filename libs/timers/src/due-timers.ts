import type { Pool } from 'pg';
import {
  CheckpointFromOtherStoreError,
  type GlobalPosition,
  type StoreKind,
} from '@warranty/event-store';
import type { TargetCommand, TimerState, TimerStatus } from './timer.decider';

/** A timer the poller has claimed and must now fire. */
export interface ClaimedTimer {
  timerId: string;
  dueAt: Date;
  /** Failed attempts so far. */
  attempts: number;
  streamId: string;
  command: TargetCommand;
  correlationId: string;
}

/** A timer whose command kept failing: kept, with its last error, until someone acts on it. */
export interface FailedTimer {
  timerId: string;
  dueAt: Date;
  attempts: number;
  streamId: string;
  command: TargetCommand;
  lastError: string;
}

const CHECKPOINT = 'timer-streams';

/** The `timers.due` table: each timer stream folded to one row, guarded by its revision. */
export class DueTimers {
  constructor(private readonly pool: Pool) {}

  /** Writes the state a timer stream had at `revision`, unless the row already reflects a later one. */
  async save(state: TimerState, revision: number): Promise<void> {
    if (state.status === 'none') return;
    await this.pool.query(
      `INSERT INTO timers.due (timer_id, revision, status, due_at, next_attempt_at, attempts,
         target_stream, command, correlation_id, last_error)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (timer_id) DO UPDATE SET revision = excluded.revision, status = excluded.status,
         due_at = excluded.due_at, next_attempt_at = excluded.next_attempt_at,
         attempts = excluded.attempts, target_stream = excluded.target_stream,
         command = excluded.command, correlation_id = excluded.correlation_id,
         last_error = excluded.last_error, claimed_until = NULL, updated_at = now()
       WHERE timers.due.revision < excluded.revision`,
      [
        state.timerId,
        revision,
        state.status,
        state.dueAt,
        state.nextAttemptAt,
        state.attempts,
        state.target.streamId,
        state.target.command,
        state.correlationId,
        state.lastError ?? null,
      ],
    );
  }

  /**
   * Leases up to `limit` timers due at `now`, of the command types this poller can fire, until `leaseUntil`, in one short statement: SKIP LOCKED
   * lets pollers share the table, and the lease (not a held transaction) covers the dispatch.
   */
  async claim(
    now: Date,
    leaseUntil: Date,
    commandTypes: string[],
    limit: number,
  ): Promise<ClaimedTimer[]> {
    const { rows } = await this.pool.query<{
      timer_id: string;
      due_at: Date;
      attempts: number;
      target_stream: string;
      command: TargetCommand;
      correlation_id: string;
    }>(
      `UPDATE timers.due SET claimed_until = $2
       WHERE timer_id IN (
         SELECT timer_id FROM timers.due
         WHERE status = 'scheduled' AND next_attempt_at <= $1
           AND (claimed_until IS NULL OR claimed_until <= $1)
           AND command->>'type' = ANY($4)
         ORDER BY next_attempt_at LIMIT $3
         FOR UPDATE SKIP LOCKED)
       RETURNING timer_id, due_at, attempts, target_stream, command, correlation_id`,
      [now, leaseUntil, limit, commandTypes],
    );
    return rows
      .map((r) => ({
        timerId: r.timer_id,
        dueAt: r.due_at,
        attempts: r.attempts,
        streamId: r.target_stream,
        command: r.command,
        correlationId: r.correlation_id,
      }))
      .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  }

  async failed(): Promise<FailedTimer[]> {
    const { rows } = await this.pool.query<{
      timer_id: string;
      due_at: Date;
      attempts: number;
      target_stream: string;
      command: TargetCommand;
      last_error: string;
    }>(
      `SELECT timer_id, due_at, attempts, target_stream, command, last_error
       FROM timers.due WHERE status = 'failed' ORDER BY due_at, timer_id`,
    );
    return rows.map((r) => ({
      timerId: r.timer_id,
      dueAt: r.due_at,
      attempts: r.attempts,
      streamId: r.target_stream,
      command: r.command,
      lastError: r.last_error,
    }));
  }

  async status(timerId: string): Promise<TimerStatus | undefined> {
    const { rows } = await this.pool.query<{ status: TimerStatus }>(
      'SELECT status FROM timers.due WHERE timer_id = $1',
      [timerId],
    );
    return rows[0]?.status;
  }

  /** How far the table has caught up with the timer streams in the log. */
  async checkpoint(kind: StoreKind): Promise<GlobalPosition | undefined> {
    const { rows } = await this.pool.query<{ position: string; store_kind: StoreKind }>(
      'SELECT position, store_kind FROM timers.log_checkpoint WHERE name = $1',
      [CHECKPOINT],
    );
    if (!rows[0]) return undefined;
    if (rows[0].store_kind !== kind)
      throw new CheckpointFromOtherStoreError(CHECKPOINT, rows[0].store_kind, kind);
    return BigInt(rows[0].position);
  }

  async saveCheckpoint(position: GlobalPosition, kind: StoreKind): Promise<void> {
    await this.pool.query(
      `INSERT INTO timers.log_checkpoint (name, position, store_kind) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET position = greatest(log_checkpoint.position, excluded.position),
         store_kind = excluded.store_kind, updated_at = now()`,
      [CHECKPOINT, position.toString(), kind],
    );
  }
}
