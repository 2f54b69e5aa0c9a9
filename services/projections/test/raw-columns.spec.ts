import type { Repository } from 'typeorm';
import { RawColumns } from '../src/queries/raw-columns';

interface Row {
  id: string;
  day: string | null;
  amount: number | null;
  at: Date;
  notes: string[];
}

/** A repository whose metadata knows these columns (property, column name, type, transformer). */
const repositoryOf = (
  columns: Array<{
    propertyName: string;
    databaseName: string;
    type: string;
    transformer?: object;
  }>,
) =>
  ({
    metadata: {
      name: 'Row',
      findColumnWithPropertyName: (property: string) =>
        columns.find((column) => column.propertyName === property),
    },
  }) as unknown as Repository<Row>;

const columns = [
  { propertyName: 'id', databaseName: 'id', type: 'text' },
  { propertyName: 'day', databaseName: 'due_on', type: 'date' },
  {
    propertyName: 'amount',
    databaseName: 'amount',
    type: 'bigint',
    transformer: {
      to: (v: unknown) => v,
      from: (v: string | null) => (v === null ? null : Number(v)),
    },
  },
  { propertyName: 'at', databaseName: 'created_at', type: 'timestamptz' },
  { propertyName: 'notes', databaseName: 'notes', type: 'text' },
];

describe('raw columns read as TypeORM would hydrate them', () => {
  const raw = new RawColumns(repositoryOf(columns), 'r', ['id', 'day', 'amount', 'at', 'notes']);

  it('selects each column under its property name', () => {
    expect(raw.selection).toBe(
      'r.id AS "id", r.due_on AS "day", r.amount AS "amount", r.created_at AS "at", r.notes AS "notes"',
    );
  });

  it('turns a date back into its day, runs transformers, and leaves the rest as read', () => {
    const at = new Date('2026-06-01T09:00:00.000Z');
    const row = {
      id: 'a',
      day: new Date(2026, 5, 20),
      amount: '12345',
      at,
      notes: ['x'],
      extra: 1,
    };
    expect(raw.read(row)).toEqual({ ...row, day: '2026-06-20', amount: 12_345 });
    expect(raw.read({ ...row, day: null, amount: null })).toMatchObject({
      day: null,
      amount: null,
    });
  });

  it('refuses a column type it cannot read as TypeORM would, and an unknown property', () => {
    const json = [{ propertyName: 'id', databaseName: 'id', type: 'simple-json' }];
    expect(() => new RawColumns(repositoryOf(json), 'r', ['id'])).toThrow(/cannot read id/);
    expect(() => new RawColumns(repositoryOf(columns), 'r', ['nope' as 'id'])).toThrow(
      /has no nope/,
    );
  });
});
