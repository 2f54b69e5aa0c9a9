import { encodeCursor, InputValidationError, readKeysetCursor, writeKeysetCursor } from '../src';

const crafted = (key: unknown[]) => encodeCursor(JSON.stringify(key));

describe('keyset cursors', () => {
  it('reads back the key it wrote, with and without an order tag', () => {
    const key = { instant: '2026-11-30T10:00:00.123456Z', id: 'claim-1' };
    expect(readKeysetCursor(writeKeysetCursor(key))).toEqual(key);
    expect(readKeysetCursor(writeKeysetCursor(key, 'newest'), 'newest')).toEqual(key);
    expect(() => readKeysetCursor(writeKeysetCursor(key, 'newest'))).toThrow(InputValidationError);
  });

  // Each of these reached PostgreSQL and came back as a 500 before it was refused here.
  it.each([
    ['a day the calendar does not have', ['2026-02-30T00:00:00.000000Z', 'x']],
    ['an hour past midnight', ['2026-11-30T24:00:00.000000Z', 'x']],
    ['a NUL in the id', ['2026-11-30T10:00:00.000000Z', 'a\u0000b']],
    ['an unpaired surrogate in the id', ['2026-11-30T10:00:00.000000Z', '\ud800']],
  ])('refuses a crafted cursor with %s', (_, key) => {
    expect(() => readKeysetCursor(crafted(key))).toThrow(InputValidationError);
  });
});
