import type { QueryRunner } from 'typeorm';
import type { FoldedRow, RowFold } from './row-fold';

const ROWS_PER_STATEMENT = 10_000;

/**
 * A rebuild's rows of one folded table, in memory between the reads and the writes of each
 * batch. Written with one INSERT … SELECT FROM json_populate_recordset per chunk, to whatever
 * table the table's name means on the connection (the rebuild's copy, by search_path).
 */
export class FoldedRows {
  private readonly rows = new Map<string, FoldedRow>();
  private readonly changed = new Set<string>();
  private columns?: Array<{ name: string; type: string }>;

  constructor(
    private readonly connection: QueryRunner,
    readonly fold: RowFold,
    private readonly rowsKept: number,
  ) {}

  has(key: string): boolean {
    return this.rows.has(key);
  }

  get(key: string): FoldedRow | undefined {
    return this.rows.get(key);
  }

  set(key: string, row: FoldedRow): void {
    this.rows.set(key, row);
    this.changed.add(key);
  }

  /** Reads the rows of these keys already written in an earlier batch and since forgotten. */
  async load(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    const { table, keyColumn } = this.fold;
    // Positions pass 2^53: bigint columns come back as strings, as the fold writes them.
    const bigints = (await this.columnsOf()).filter((c) => c.type === 'bigint');
    const exact = bigints.map((c) => `'${c.name}', t.${c.name}::text`).join(', ');
    const rows = (await this.connection.query(
      `SELECT t.${keyColumn} AS key, ${exact ? `to_jsonb(t) || jsonb_build_object(${exact})` : 'to_jsonb(t)'} AS row
         FROM ${table} t WHERE t.${keyColumn} = ANY($1)`,
      [keys],
    )) as Array<{ key: string; row: FoldedRow }>;
    for (const { key, row } of rows) this.rows.set(key, row);
  }

  /** Writes the rows changed since the last write, then forgets them all if there are many. */
  async write(): Promise<void> {
    const keys = [...this.changed];
    this.changed.clear();
    for (let i = 0; i < keys.length; i += ROWS_PER_STATEMENT)
      await this.connection.query(await this.upsert(), [
        JSON.stringify(keys.slice(i, i + ROWS_PER_STATEMENT).map((key) => this.rows.get(key))),
      ]);
    if (this.rows.size > this.rowsKept) this.rows.clear();
  }

  private async upsert(): Promise<string> {
    const { table, keyColumn } = this.fold;
    const names = (await this.columnsOf()).map((c) => c.name);
    return `INSERT INTO ${table} (${names.join(', ')})
            SELECT ${names.join(', ')} FROM json_populate_recordset(NULL::${table}, $1::json)
            ON CONFLICT (${keyColumn}) DO UPDATE
            SET (${names.join(', ')}) = ROW(${names.map((n) => `excluded.${n}`).join(', ')})`;
  }

  private async columnsOf(): Promise<Array<{ name: string; type: string }>> {
    this.columns ??= (await this.connection.query(
      `SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute
        WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
      [this.fold.table],
    )) as Array<{ name: string; type: string }>;
    return this.columns;
  }
}
