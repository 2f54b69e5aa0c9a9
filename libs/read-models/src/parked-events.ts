import type { RecordedEvent } from '@warranty/event-store';
import type { DataSource, EntityManager } from 'typeorm';
import { runStatement } from './statements';

/** The event a projection could not apply, with its error: the head of a parked stream. */
export interface ParkedEvent {
  projection: string;
  streamId: string;
  revision: number;
  position: bigint;
  eventId: string;
  eventType: string;
  error: string;
  attempts: number;
  firstFailedAt: Date;
  lastFailedAt: Date;
  /** Later events of the stream, held back so the stream keeps its order until it is re-driven. */
  heldBehind: number;
}

export interface Failure {
  error: unknown;
  attempts: number;
  firstFailedAt: Date;
}

interface ParkedRow {
  projection: string;
  stream_id: string;
  revision: string;
  position: string;
  event_id: string;
  event_type: string;
  recorded_at: Date;
  data: RecordedEvent['data'];
  metadata: RecordedEvent['metadata'];
  error: string | null;
  attempts: number;
  first_failed_at: Date | null;
  last_failed_at: Date | null;
  held_behind?: string;
}

const COLUMNS = `projection, stream_id, revision, position, event_id, event_type, recorded_at,
  data, metadata, error, attempts, first_failed_at, last_failed_at`;

/**
 * Streams a projection has set aside: the event that kept failing, then every later event of the
 * same stream, kept in this table (in the projection's transaction) until an operator re-drives it.
 */
export class ParkedEvents {
  constructor(private readonly dataSource: DataSource) {}

  /** Locks the stream's parked rows, so a re-drive and the live feed take turns on it. */
  async isParked(manager: EntityManager, projection: string, streamId: string): Promise<boolean> {
    const { rows } = await runStatement(
      manager,
      `SELECT revision FROM projection_parked_events
        WHERE projection = $1 AND stream_id = $2 ORDER BY revision FOR UPDATE`,
      [projection, streamId],
    );
    return rows.length > 0;
  }

  /** Which of these streams are parked, their rows locked as isParked does. */
  async parkedAmong(
    manager: EntityManager,
    projection: string,
    streamIds: string[],
  ): Promise<Set<string>> {
    const { rows } = await runStatement<{ stream_id: string }>(
      manager,
      `SELECT stream_id FROM projection_parked_events
        WHERE projection = $1 AND stream_id = ANY($2) ORDER BY stream_id, revision FOR UPDATE`,
      [projection, streamIds],
    );
    return new Set(rows.map((row) => row.stream_id));
  }

  async park(
    manager: EntityManager,
    projection: string,
    event: RecordedEvent,
    failure?: Failure,
  ): Promise<void> {
    await runStatement(
      manager,
      `INSERT INTO projection_parked_events (${COLUMNS})
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)
       ON CONFLICT DO NOTHING`,
      [
        projection,
        event.streamId,
        event.revision,
        event.position.toString(),
        event.id,
        event.type,
        event.recordedAt,
        JSON.stringify(event.data),
        JSON.stringify(event.metadata),
        failure ? describe(failure.error) : null,
        failure?.attempts ?? 0,
        failure?.firstFailedAt ?? null,
      ],
    );
  }

  /** The failed head of each parked stream, oldest first; all projections when none is named. */
  async list(projection?: string): Promise<ParkedEvent[]> {
    const rows = await this.dataSource.query<ParkedRow[]>(
      `SELECT DISTINCT ON (projection, stream_id) ${COLUMNS},
              count(*) OVER (PARTITION BY projection, stream_id) - 1 AS held_behind
         FROM projection_parked_events
        WHERE $1::text IS NULL OR projection = $1
        ORDER BY projection, stream_id, revision`,
      [projection ?? null],
    );
    return rows
      .map((row) => ({
        projection: row.projection,
        streamId: row.stream_id,
        revision: Number(row.revision),
        position: BigInt(row.position),
        eventId: row.event_id,
        eventType: row.event_type,
        error: row.error ?? 'held behind an event that was re-driven',
        attempts: row.attempts,
        firstFailedAt: row.first_failed_at ?? row.recorded_at,
        lastFailedAt: row.last_failed_at ?? row.recorded_at,
        heldBehind: Number(row.held_behind ?? 0),
      }))
      .sort((a, b) => a.firstFailedAt.getTime() - b.firstFailedAt.getTime());
  }

  async count(): Promise<number> {
    const [row] = await this.dataSource.query<{ count: string }[]>(
      `SELECT count(DISTINCT (projection, stream_id)) AS count FROM projection_parked_events`,
    );
    return Number(row.count);
  }

  /** The stream's first parked event, locked with the rest of the stream's rows. */
  async head(
    manager: EntityManager,
    projection: string,
    streamId: string,
  ): Promise<RecordedEvent | undefined> {
    const { rows } = await runStatement<ParkedRow>(
      manager,
      `SELECT ${COLUMNS} FROM projection_parked_events
        WHERE projection = $1 AND stream_id = $2 ORDER BY revision FOR UPDATE`,
      [projection, streamId],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      id: row.event_id,
      type: row.event_type,
      streamId: row.stream_id,
      revision: Number(row.revision),
      position: BigInt(row.position),
      recordedAt: row.recorded_at,
      data: row.data,
      metadata: row.metadata,
    };
  }

  async release(manager: EntityManager, projection: string, event: RecordedEvent): Promise<void> {
    await runStatement(
      manager,
      `DELETE FROM projection_parked_events
        WHERE projection = $1 AND stream_id = $2 AND revision = $3`,
      [projection, event.streamId, event.revision],
    );
  }

  /** A re-drive failed again: the head keeps its place with the new error. */
  async failedAgain(projection: string, event: RecordedEvent, error: unknown): Promise<void> {
    await this.dataSource.query(
      `UPDATE projection_parked_events
          SET error = $4, attempts = attempts + 1, last_failed_at = now(),
              first_failed_at = COALESCE(first_failed_at, now())
        WHERE projection = $1 AND stream_id = $2 AND revision = $3`,
      [projection, event.streamId, event.revision, describe(error)],
    );
  }
}

/** PostgreSQL text cannot hold NUL, and an error message may quote the bad value. */
function describe(error: unknown): string {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return message.replaceAll('\u0000', '\\u0000').slice(0, 2000);
}
