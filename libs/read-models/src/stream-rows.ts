import type { RecordedEvent } from '@warranty/event-store';
import { parseStreamName } from '@warranty/eventsourcing';
import type { EntityManager } from 'typeorm';
import type { FoldedRow } from './row-fold';
import { assertRevisionApplied, RevisionGapError, runStatement } from './statements';

/**
 * A read-model table with one row per stream, keyed by the stream's id and guarded by its
 * `last_revision`, so an event applies once even when delivered twice or out of turn.
 */
export class StreamRows {
  constructor(
    readonly table: string,
    readonly keyColumn: string,
  ) {}

  keyOf(event: RecordedEvent): string {
    return parseStreamName(event.streamId).id;
  }

  /** Applies `assignments` (which use $4 onwards for `values`) on top of the previous revision. */
  async update(
    manager: EntityManager,
    event: RecordedEvent,
    assignments: string,
    values: unknown[],
  ): Promise<void> {
    const key = this.keyOf(event);
    const { affected } = await runStatement(
      manager,
      `UPDATE ${this.table} SET ${assignments ? `${assignments}, ` : ''}
              last_revision = $1, updated_position = $2
        WHERE ${this.keyColumn} = $3 AND last_revision = $1 - 1`,
      [event.revision, event.position.toString(), key, ...values],
    );
    if (affected === 0)
      await assertRevisionApplied(manager, this.table, this.keyColumn, key, event);
  }

  /**
   * update() in memory: `changes` on top of the previous revision; a row already at or past the
   * event stays as it is, anything else is a RevisionGapError, as update() decides it in SQL.
   */
  fold(row: FoldedRow | undefined, event: RecordedEvent, changes: FoldedRow): FoldedRow {
    const last = row?.last_revision as number | undefined;
    if (row && last === event.revision - 1)
      return {
        ...row,
        ...changes,
        last_revision: event.revision,
        updated_position: event.position.toString(),
      };
    if (row && last !== undefined && last >= event.revision) return row;
    throw new RevisionGapError(this.table, this.keyOf(event), event.revision, last ?? null);
  }
}
