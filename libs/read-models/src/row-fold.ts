import type { RecordedEvent } from '@warranty/event-store';

/** A row as JSON: what the fold reads and returns, and what json_populate_recordset writes. */
export type FoldedRow = Record<string, unknown>;

/**
 * The pure twin of a projection whose table has one row per stream: what each event makes of
 * that row, so a rebuild can fold the log in memory and write each row once instead of running
 * one statement per event. It must leave exactly the rows handle() leaves.
 */
export interface RowFold {
  readonly table: string;
  readonly keyColumn: string;
  /** The key of the event's row; undefined when handle() would ignore the event. */
  keyOf(event: RecordedEvent): string | undefined;
  /** The row after the event, given the row before it (undefined when there is none yet). */
  apply(row: FoldedRow | undefined, event: RecordedEvent): FoldedRow;
}
