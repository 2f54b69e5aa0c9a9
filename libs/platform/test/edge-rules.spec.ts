import {
  asOfDate,
  asOfInstant,
  isDateInRange,
  isInstantInRange,
  screenJson,
  storableJson,
} from '../src';

describe('calendar dates', () => {
  it.each(['1900-01-01', '2199-12-31', '2000-02-29', '2026-06-15'])('accepts %s', (date) => {
    expect(isDateInRange(date)).toBe(true);
  });

  it.each([
    '0000-01-01',
    '1899-12-31',
    '2200-01-01',
    '1900-02-29',
    '2026-02-29',
    '2026-04-31',
    '2026-00-10',
    '2026-6-15',
    ' 2026-06-15',
    '2026-06-15T00:00:00Z',
    20260615,
    null,
  ])('refuses %j', (date) => {
    expect(isDateInRange(date)).toBe(false);
  });
});

describe('instants', () => {
  it.each([
    '1900-01-01T00:00:00Z',
    '2199-12-31T23:59:59.999Z',
    '2026-06-15T10:00Z',
    '2026-06-15T10:00:00.123456789+05:30',
  ])('accepts %s', (instant) => {
    expect(isInstantInRange(instant)).toBe(true);
  });

  it.each([
    '0000-01-01T00:00:00Z',
    '1899-12-31T23:59:59Z',
    // 00:30 at +01:00 is still 1899 in UTC.
    '1900-01-01T00:30:00+01:00',
    '2200-01-01T00:00:00Z',
    '2026-02-30T10:00:00Z',
    '2026-06-15T24:00:00Z',
    '2026-06-15T10:00:00',
    '2026-06-15',
    'now',
  ])('refuses %j', (instant) => {
    expect(isInstantInRange(instant)).toBe(false);
  });
});

describe('asOf', () => {
  it('reads a date alone as the end of that day in UTC, and keeps an instant as given', () => {
    expect(asOfInstant('2026-06-15')).toBe('2026-06-15T23:59:59.999Z');
    expect(asOfInstant('2026-06-15T10:00:00+02:00')).toBe('2026-06-15T10:00:00+02:00');
    expect(asOfInstant('0000-01-01')).toBeUndefined();
    expect(asOfInstant('2026-06-15T10:00:00')).toBeUndefined();
  });

  it('turns the asOf query value into the instant every aggregate GET folds up to', () => {
    expect(asOfDate('2026-06-15')?.toISOString()).toBe('2026-06-15T23:59:59.999Z');
    expect(asOfDate('2026-06-15T10:00:00+02:00')?.toISOString()).toBe('2026-06-15T08:00:00.000Z');
    expect(asOfDate(undefined)).toBeUndefined();
  });
});

describe('screening JSON', () => {
  const deep = (levels: number) => JSON.parse('['.repeat(levels) + ']'.repeat(levels));

  it('allows 32 levels and refuses 33, without recursion even a million levels deep', () => {
    expect(screenJson(deep(32), '')).toEqual([]);
    expect(screenJson(deep(33), '')).toHaveLength(1);
    expect(screenJson(deep(1_000_000), '')).toHaveLength(1);
  });

  it('names the field of bad text in values and keys, and reserved keys', () => {
    const body = JSON.parse(
      '{"a":{"b":["ok","x\\u0000"]},"c\\ud800":1,"__proto__":{},"d":{"constructor":1},"e":"\\udc00"}',
    );
    expect(
      screenJson(body, '')
        .map((e) => e.field)
        .sort(),
    ).toEqual(['__proto__', 'a.b[1]', 'c\\ud800', 'd.constructor', 'e']);
  });

  it('keeps paired surrogates', () => {
    expect(screenJson({ 'k😀': 'v😀' }, '')).toEqual([]);
  });
});

describe('stored responses', () => {
  it('replace NUL and unpaired surrogates in keys and values, and keep everything else', () => {
    const stored = storableJson({ 'a\u0000': ['\ud800', 'x\udc00', '😀', 1, null], ok: true });
    expect(JSON.parse(stored)).toEqual({
      'a\ufffd': ['\ufffd', 'x\ufffd', '😀', 1, null],
      ok: true,
    });
  });

  it('replace each kind alone, and store a safe value as JSON.stringify writes it', () => {
    for (const unsafe of ['\u0000', '\ud800', '\udbff', 'a\udc00', '\udfff'])
      expect(JSON.parse(storableJson({ k: unsafe }))).toEqual({
        k: unsafe.replace(/[^a]/, '\ufffd'),
      });
    const safe = { text: 'back\\ud800slash, \u00e9, 😀', n: [1, null] };
    expect(storableJson(safe)).toBe(JSON.stringify(safe));
  });
});
