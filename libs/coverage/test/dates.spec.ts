import { addDays, addMonths, coverageEndFor, dayOf, earlierOf, isIsoDate } from '../src';

describe('isIsoDate', () => {
  it.each(['2026-01-31', '2024-02-29', '2000-02-29', '0001-01-01', '9999-12-31'])(
    'accepts %s',
    (date) => expect(isIsoDate(date)).toBe(true),
  );

  it.each([
    '2026-02-29',
    '1900-02-29',
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '2026-1-05',
    '26-01-05',
    '2026-01-05T00:00:00Z',
    ' 2026-01-05',
    '',
    20260105,
    null,
  ])('rejects %j', (value) => expect(isIsoDate(value)).toBe(false));
});

describe('addMonths', () => {
  it.each([
    ['2026-01-15', 1, '2026-02-15'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2026-03-31', 1, '2026-04-30'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-02-29', 48, '2028-02-29'],
    ['2026-11-30', 3, '2027-02-28'],
    ['2026-12-15', 1, '2027-01-15'],
    ['2026-01-15', 120, '2036-01-15'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2026-01-15', -13, '2024-12-15'],
    ['2026-01-15', 0, '2026-01-15'],
  ])('%s + %i months = %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it('refuses a malformed date or a fractional count', () => {
    expect(() => addMonths('2026-02-30', 1)).toThrow(RangeError);
    expect(() => addMonths('2026-02-01', 1.5)).toThrow(RangeError);
  });
});

describe('addDays', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2026-01-01', -1, '2025-12-31'],
    ['0050-03-01', -1, '0050-02-28'],
  ])('%s + %i days = %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });
});

describe('coverageEndFor', () => {
  it.each([
    ['2026-01-10', 24, '2028-01-09'],
    ['2026-01-01', 12, '2026-12-31'],
    ['2026-03-01', 12, '2027-02-28'],
    ['2027-03-01', 12, '2028-02-29'],
    ['2026-01-31', 1, '2026-02-27'],
    ['2024-02-29', 12, '2025-02-27'],
  ])('a term from %s for %i months ends on %s', (start, months, end) => {
    expect(coverageEndFor(start, months)).toBe(end);
  });
});

describe('dayOf and earlierOf', () => {
  it('takes the UTC day of an instant', () => {
    expect(dayOf('2026-01-15T23:30:00.000Z')).toBe('2026-01-15');
    expect(dayOf('2026-01-15T23:30:00-02:00')).toBe('2026-01-16');
    expect(() => dayOf('yesterday')).toThrow(RangeError);
  });

  it('picks the earlier date', () => {
    expect(earlierOf('2026-01-02', '2025-12-31')).toBe('2025-12-31');
    expect(earlierOf('2025-12-31', '2026-01-02')).toBe('2025-12-31');
  });
});
