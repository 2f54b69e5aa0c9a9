import type { GlobalPosition } from '@warranty/event-store';
import type { DataSource, EntityManager } from 'typeorm';
import { ProjectionCheckpoint } from './projection-checkpoint.entity';
import { runStatement } from './statements';

/** Each projection's last handled position, moved in the same transaction as its rows. */
export class ProjectionCheckpoints {
  constructor(private readonly dataSource: DataSource) {}

  async load(name: string): Promise<GlobalPosition | undefined> {
    const row = await this.dataSource.getRepository(ProjectionCheckpoint).findOneBy({ name });
    return row?.position ?? undefined;
  }

  /**
   * Moves the checkpoint to `position` and locks it until the transaction ends; false when it
   * already stands there or later (a redelivery, or another instance got there first).
   */
  async advance(manager: EntityManager, name: string, position: GlobalPosition): Promise<boolean> {
    const { rows } = await runStatement(
      manager,
      `INSERT INTO projection_checkpoints AS c (name, position, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at
        WHERE c.position IS NULL OR c.position < excluded.position
       RETURNING c.name`,
      [name, position.toString()],
    );
    return rows.length === 1;
  }
}
