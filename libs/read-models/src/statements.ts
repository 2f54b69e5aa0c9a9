import type { RecordedEvent } from '@warranty/event-store';
import type { EntityManager } from 'typeorm';

/** A revision guard matched nothing and the row is not already past the event: an event was skipped. */
export class RevisionGapError extends Error {
  constructor(
    readonly table: string,
    readonly key: string,
    readonly revision: number,
    readonly lastRevision: number | null,
  ) {
    super(
      `${table} row ${key} is at revision ${lastRevision ?? 'none'} and cannot take revision ${revision}`,
    );
    this.name = 'RevisionGapError';
  }
}

export interface StatementResult<Row> {
  rows: Row[];
  affected: number;
}

/** Runs SQL in the projection's transaction, reporting rows and affected count for any statement. */
export async function runStatement<Row = Record<string, unknown>>(
  manager: EntityManager,
  sql: string,
  parameters: unknown[] = [],
): Promise<StatementResult<Row>> {
  const runner = manager.queryRunner;
  if (!runner) throw new Error('Projection statements run inside the runner transaction');
  const result = await runner.query(sql, parameters, true);
  return { rows: (result.records ?? []) as Row[], affected: result.affected ?? 0 };
}

/**
 * After a guarded update (`WHERE last_revision = revision - 1`) touched no row: a row already at or
 * past the event means a redelivery, anything else means the projection missed an event.
 */
export async function assertRevisionApplied(
  manager: EntityManager,
  table: string,
  keyColumn: string,
  key: string,
  event: Pick<RecordedEvent, 'revision'>,
): Promise<void> {
  const { rows } = await runStatement<{ last_revision: number }>(
    manager,
    `SELECT last_revision FROM ${table} WHERE ${keyColumn} = $1`,
    [key],
  );
  const lastRevision = rows[0]?.last_revision ?? null;
  if (lastRevision === null || lastRevision < event.revision)
    throw new RevisionGapError(table, key, event.revision, lastRevision);
}
