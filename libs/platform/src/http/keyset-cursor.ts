import { InputValidationError } from '../errors';
import { hasUnsafeText } from '../validation/unsafe-text';
import { decodeCursor, encodeCursor } from './cursor';

/** The sort key of a page's last item: an instant to the microsecond, then an id. */
export interface KeysetCursorKey {
  instant: string;
  id: string;
}

const CURSOR_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** `to_char` of a timestamptz column in the cursor's instant format, for a raw select. */
export const cursorInstantSql = (column: string): string =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** A calendar instant: Date.parse takes 2026-02-30 as 2026-03-02, which PostgreSQL refuses. */
const realInstant = (instant: string): boolean => {
  const time = Date.parse(instant);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 23) === instant.slice(0, 23);
};

/**
 * The key a cursor stands for; InputValidationError (field `cursor`) for one this list did not
 * return. `order` tags a list that can sort more than one way, so a cursor keeps its order.
 */
export function readKeysetCursor(cursor: string, order?: string): KeysetCursorKey {
  const refuse = () =>
    new InputValidationError([
      { field: 'cursor', message: 'cursor is not one this list returned' },
    ]);
  let key: unknown;
  try {
    key = JSON.parse(decodeCursor(cursor));
  } catch (error) {
    if (error instanceof InputValidationError) throw error;
    throw refuse();
  }
  const expected = order === undefined ? 2 : 3;
  if (
    !Array.isArray(key) ||
    key.length !== expected ||
    typeof key[0] !== 'string' ||
    typeof key[1] !== 'string' ||
    (order !== undefined && key[2] !== order) ||
    !CURSOR_INSTANT.test(key[0]) ||
    !realInstant(key[0]) ||
    hasUnsafeText(key[1])
  )
    throw refuse();
  return { instant: key[0], id: key[1] };
}

export const writeKeysetCursor = (key: KeysetCursorKey, order?: string): string =>
  encodeCursor(
    JSON.stringify(order === undefined ? [key.instant, key.id] : [key.instant, key.id, order]),
  );
