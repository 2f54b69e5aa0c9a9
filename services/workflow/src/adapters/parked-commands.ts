import type { Pool, PoolClient } from 'pg';
import type { RecordedEvent } from '@warranty/event-store';
import type { FulfilmentCase } from '../domain/fulfilment-case';
import type { CommandParked, Parked } from '../domain/parking';

type Db = Pool | PoolClient;

interface ParkedRow {
  event_id: string;
  event_type: string | null;
  command_type: string;
  stream_id: string;
  position: string;
  attempts: number;
  error: string;
  parked_at: Date;
  last_failed_at: Date;
  case_before: FulfilmentCase | null;
}

const COLUMNS = `event_id, event_type, command_type, stream_id, position::text AS position, attempts,
  error, parked_at, last_failed_at, case_before`;

const parkedOf = (row: ParkedRow): Parked => ({
  eventId: row.event_id,
  eventType: row.event_type,
  commandType: row.command_type,
  streamId: row.stream_id,
  position: BigInt(row.position),
  attempts: row.attempts,
  error: row.error,
  parkedAt: row.parked_at,
  lastFailedAt: row.last_failed_at,
  caseBefore: row.case_before,
});

/** PostgreSQL text cannot hold NUL, and an error message may quote the bad value. */
const describe = (error: string) => error.replaceAll('\u0000', '\\u0000').slice(0, 2000);

/** `workflow.parked_commands`: one row per event and command given up on (`reaction`: the event). */
export const parkedCommands = {
  async list(db: Db, eventId?: string): Promise<Parked[]> {
    const { rows } = await db.query<ParkedRow>(
      `SELECT ${COLUMNS} FROM workflow.parked_commands
        WHERE $1::text IS NULL OR event_id = $1 ORDER BY position, command_type`,
      [eventId ?? null],
    );
    return rows.map(parkedOf);
  },

  async count(db: Db): Promise<number> {
    const { rows } = await db.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM workflow.parked_commands`,
    );
    return rows[0].count;
  },

  /** The event's rows, locked; another transaction holding them fails at once (55P03). */
  async lock(client: PoolClient, eventId: string): Promise<Parked[]> {
    const { rows } = await client.query<ParkedRow>(
      `SELECT ${COLUMNS} FROM workflow.parked_commands
        WHERE event_id = $1 ORDER BY position, command_type FOR UPDATE NOWAIT`,
      [eventId],
    );
    return rows.map(parkedOf);
  },

  /** Parks the reaction to an event, or one of its commands; parked again, it counts on. */
  async park(
    db: Db,
    event: RecordedEvent,
    parked: Pick<CommandParked, 'commandType' | 'error' | 'attempts'> & {
      caseBefore?: FulfilmentCase | null;
    },
  ): Promise<void> {
    await db.query(
      `INSERT INTO workflow.parked_commands AS p
         (event_id, event_type, command_type, stream_id, position, error, attempts, case_before)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (event_id, command_type) DO UPDATE SET error = excluded.error,
         attempts = p.attempts + excluded.attempts, last_failed_at = now(),
         event_type = excluded.event_type, case_before = excluded.case_before`,
      [
        event.id,
        event.type,
        parked.commandType,
        event.streamId,
        event.position.toString(),
        describe(parked.error),
        parked.attempts,
        parked.caseBefore ? JSON.stringify(parked.caseBefore) : null,
      ],
    );
  },

  /** After a run of the event's reaction: what it parked stays (or comes), the rest goes. */
  async settle(db: Db, event: RecordedEvent, parked: readonly CommandParked[]): Promise<void> {
    await db.query(
      `DELETE FROM workflow.parked_commands WHERE event_id = $1 AND command_type <> ALL($2::text[])`,
      [event.id, parked.map((p) => p.commandType)],
    );
    for (const command of parked) await parkedCommands.park(db, event, command);
  },

  /** A redrive failed before its reaction ran to the end: every row of the event says so. */
  async failedAgain(db: Db, eventId: string, error: string): Promise<void> {
    await db.query(
      `UPDATE workflow.parked_commands
          SET error = $2, attempts = attempts + 1, last_failed_at = now()
        WHERE event_id = $1`,
      [eventId, describe(error)],
    );
  },
};
