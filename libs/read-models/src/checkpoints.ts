import {
  CheckpointFromOtherStoreError,
  type GlobalPosition,
  type RecordedEvent,
  type StoreKind,
} from '@warranty/event-store';
import type { DataSource, EntityManager } from 'typeorm';
import { ProjectionCheckpoint } from './projection-checkpoint.entity';
import { runStatement } from './statements';

/**
 * Each projection's bookkeeping, moved in the same transaction as its rows: the last revision it
 * applied per stream (what makes a redelivery a no-op on any feed) and the highest position it
 * handled (where a store-feed subscription resumes).
 */

/**
 * Moves each stream's guard row to its new revision. `stream_id = ANY($2)` keeps the plan to the
 * batch's streams: joined with the array alone, the planner read every guard row of the projection.
 */
export const RECORD_REVISIONS = `
  UPDATE projection_stream_revisions AS r SET revision = moved.revision
    FROM unnest($2::text[], $3::bigint[]) AS moved(stream_id, revision)
   WHERE r.projection = $1 AND r.stream_id = ANY($2::text[])
     AND r.stream_id = moved.stream_id AND r.revision < moved.revision`;

export class ProjectionCheckpoints {
  constructor(
    private readonly dataSource: DataSource,
    /** The store whose positions this process reads and writes. */
    private readonly storeKind: StoreKind = 'postgres',
  ) {}

  /**
   * Throws CheckpointFromOtherStoreError when any of these checkpoints was written by another
   * store; claims the ones written before store kinds were recorded.
   */
  async verifyStoreKind(names: string[]): Promise<void> {
    const rows = await this.dataSource.query<{ name: string; store_kind: StoreKind }[]>(
      `SELECT name, store_kind FROM projection_checkpoints
        WHERE name = ANY($1) AND store_kind IS NOT NULL AND store_kind <> $2 ORDER BY name`,
      [names, this.storeKind],
    );
    if (rows.length > 0)
      throw new CheckpointFromOtherStoreError(rows[0].name, rows[0].store_kind, this.storeKind);
    await this.dataSource.query(
      `UPDATE projection_checkpoints SET store_kind = $2 WHERE name = ANY($1) AND store_kind IS NULL`,
      [names, this.storeKind],
    );
  }

  async load(name: string): Promise<GlobalPosition | undefined> {
    const row = await this.dataSource.getRepository(ProjectionCheckpoint).findOneBy({ name });
    return row?.position ?? undefined;
  }

  /** Records the event as applied; false when its stream revision was applied before (a redelivery). */
  async advance(manager: EntityManager, name: string, event: RecordedEvent): Promise<boolean> {
    if (!(await this.claimRevision(manager, name, event))) return false;
    await this.moveTo(manager, name, event.position);
    return true;
  }

  /** The per-stream revision guard alone: false when the event's revision was applied before. */
  async claimRevision(
    manager: EntityManager,
    name: string,
    event: RecordedEvent,
  ): Promise<boolean> {
    const { rows } = await runStatement(
      manager,
      `INSERT INTO projection_stream_revisions AS r (projection, stream_id, revision) VALUES ($1, $2, $3)
       ON CONFLICT (projection, stream_id) DO UPDATE SET revision = excluded.revision
        WHERE r.revision < excluded.revision
       RETURNING r.revision`,
      [name, event.streamId, event.revision],
    );
    return rows.length > 0;
  }

  /**
   * The revision guard for a batch of events, in one or two statements rather than one per event:
   * the streams' guard rows are locked (missing ones created) and read, the events past them are
   * chosen here, and `record` moves each stream to the last of its chosen events. A stream new to
   * the projection gets its row at that last revision at once, so it is written once and `record`
   * skips it. Streams are locked in one order, so two runners of a projection never deadlock.
   */
  async claimRevisions(
    manager: EntityManager,
    name: string,
    events: RecordedEvent[],
  ): Promise<{ fresh: RecordedEvent[]; record(): Promise<void> }> {
    const last = new Map<string, number>();
    for (const event of events)
      last.set(event.streamId, Math.max(event.revision, last.get(event.streamId) ?? -1));
    const streams = [...last.keys()].sort();
    // `xmax = 0` only on a row this statement inserted: the stream is new to the projection.
    const { rows } = await runStatement<{ stream_id: string; revision: string; created: boolean }>(
      manager,
      `INSERT INTO projection_stream_revisions AS r (projection, stream_id, revision)
       SELECT $1, stream_id, revision FROM unnest($2::text[], $3::bigint[]) AS s(stream_id, revision)
        ORDER BY stream_id
       ON CONFLICT (projection, stream_id) DO UPDATE SET revision = r.revision
       RETURNING r.stream_id, r.revision, r.xmax = 0 AS created`,
      [name, streams, streams.map((stream) => last.get(stream))],
    );
    // Streams the projection had seen before, at the revision their rows hold.
    const existing = new Map(
      rows.filter((row) => !row.created).map((row) => [row.stream_id, Number(row.revision)]),
    );
    const applied = new Map(rows.map((row) => [row.stream_id, existing.get(row.stream_id) ?? -1]));
    const fresh = events.filter((event) => {
      if (event.revision <= (applied.get(event.streamId) ?? -1)) return false;
      applied.set(event.streamId, event.revision);
      return true;
    });
    const record = async () => {
      const moved = [...applied.entries()].filter(
        ([stream, revision]) => existing.has(stream) && revision > existing.get(stream)!,
      );
      if (moved.length === 0) return;
      await runStatement(manager, RECORD_REVISIONS, [
        name,
        moved.map(([stream]) => stream),
        moved.map(([, revision]) => revision),
      ]);
    };
    return { fresh, record };
  }

  /** Moves the resume position forward (never back: a partitioned feed is not globally ordered). */
  async moveTo(manager: EntityManager, name: string, position: GlobalPosition): Promise<void> {
    await runStatement(
      manager,
      `INSERT INTO projection_checkpoints AS c (name, position, store_kind, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (name) DO UPDATE SET position = greatest(c.position, excluded.position),
         store_kind = excluded.store_kind, updated_at = excluded.updated_at`,
      [name, position.toString(), this.storeKind],
    );
  }
}
