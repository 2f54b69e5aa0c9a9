import { inlineParameters } from '../src';

describe('inlineParameters', () => {
  it('writes each parameter as the literal the driver would have sent, $10 apart from $1', () => {
    const values: unknown[] = [
      "O'Brien",
      null,
      true,
      42,
      new Date('2026-02-21T08:30:00.000Z'),
      ['a', 'b "c"', 'd\\e', null],
      { at: "it's" },
      undefined,
      '$2',
      'ten',
    ];
    expect(inlineParameters('SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $1', values)).toBe(
      `SELECT 'O''Brien', NULL, 'true', '42', '2026-02-21T08:30:00.000Z', ` +
        `'{"a","b \\"c\\"","d\\\\e",NULL}', '{"at":"it''s"}', NULL, '$2', 'ten', 'O''Brien'`,
    );
  });
});
