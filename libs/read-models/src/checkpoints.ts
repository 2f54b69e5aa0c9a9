import type { GlobalPosition, RecordedEvent } from '@warranty/event-store';
import type { DataSource, EntityManager } from 'typeorm';
import { ProjectionCheckpoint } from './projection-checkpoint.entity';
import { runStatement } from './statements';

/**
 * Each projection's bookkeeping, moved in the same transaction as its rows: the last revision it
 * applied per stream (what makes a redelivery a no-op on any feed) and the highest position it
 * handled (where a store-feed subscription resumes).
 */
export class ProjectionCheckpoints {
  constructor(private readonly dataSource: DataSource) {}

  async load(name: string): Promise<GlobalPosition | undefined> {
    const row = await this.dataSource.getRepository(ProjectionCheckpoint).findOneBy({ name });
    return row?.position ?? undefined;
  }

  /** Records the event as applied; false when its stream revision was applied before (a redelivery). */
  async advance(manager: EntityManager, name: string, event: RecordedEvent): Promise<boolean> {
    const { rows } = await runStatement(
      manager,
      `INSERT INTO projection_stream_revisions AS r (projection, stream_id, revision) VALUES ($1, $2, $3)
       ON CONFLICT (projection, stream_id) DO UPDATE SET revision = excluded.revision
        WHERE r.revision < excluded.revision
       RETURNING r.revision`,
      [name, event.streamId, event.revision],
    );
    if (rows.length === 0) return false;
    await runStatement(
      manager,
      `INSERT INTO projection_checkpoints AS c (name, position, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (name) DO UPDATE SET position = greatest(c.position, excluded.position), updated_at = excluded.updated_at`,
      [name, event.position.toString()],
    );
    return true;
  }
}
