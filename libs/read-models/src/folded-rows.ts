import type { QueryRunner } from 'typeorm';
import type { FoldedRow, RowFold } from './row-fold';
import { arrayLiteral } from './statement-batch';

const ROWS_PER_STATEMENT = 10_000;

/** A table's columns by name, kept across batches so each does not ask for them again. */
export type ColumnCache = Map<string, Array<{ name: string; type: string }>>;

/**
 * A rebuild's rows of one folded table, in memory between the reads and the writes of each
 * batch. Written with one INSERT … SELECT FROM unnest per chunk, to whatever
 * table the table's name means on the connection (the rebuild's copy, by search_path).
 */
export class FoldedRows {
  private readonly rows = new Map<string, FoldedRow>();
  private readonly changed = new Set<string>();
  /** Kept rows the table already has: only these need an upsert, the rest a plain insert. */
  private readonly stored = new Set<string>();
  private columns?: Array<{ name: string; type: string }>;

  constructor(
    private readonly connection: QueryRunner,
    readonly fold: RowFold,
    private readonly rowsKept: number,
    private readonly columnCache?: ColumnCache,
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
    for (const { key, row } of rows) {
      this.rows.set(key, row);
      this.stored.add(key);
    }
  }

  /** Writes the rows changed since the last write, then forgets them all if there are many. */
  async write(): Promise<void> {
    const fresh: string[] = [];
    const known: string[] = [];
    for (const key of this.changed) (this.stored.has(key) ? known : fresh).push(key);
    this.changed.clear();
    await this.send(fresh, '');
    await this.send(known, await this.onConflict());
    for (const key of fresh) this.stored.add(key);
    if (this.rows.size > this.rowsKept) {
      this.rows.clear();
      this.stored.clear();
    }
  }

  /** One array per column, each sent as text and cast in SQL: far less parsing than JSON rows. */
  private async send(keys: string[], onConflict: string): Promise<void> {
    if (keys.length === 0) return;
    const { table } = this.fold;
    const columns = await this.columnsOf();
    const names = columns.map((c) => c.name).join(', ');
    for (let i = 0; i < keys.length; i += ROWS_PER_STATEMENT) {
      const rows = keys.slice(i, i + ROWS_PER_STATEMENT).map((key) => this.rows.get(key)!);
      await this.connection.query(
        `INSERT INTO ${table} (${names})
         SELECT ${columns.map((c) => `u.${c.name}::${c.type}`).join(', ')}
           FROM unnest(${columns.map((_, n) => `$${n + 1}::text[]`).join(', ')}) AS u(${names})
         ${onConflict}`,
        columns.map((c) => arrayLiteral(rows.map((row) => row[c.name]))),
      );
    }
  }

  private async onConflict(): Promise<string> {
    const names = (await this.columnsOf()).map((c) => c.name);
    return `ON CONFLICT (${this.fold.keyColumn}) DO UPDATE
            SET (${names.join(', ')}) = ROW(${names.map((n) => `excluded.${n}`).join(', ')})`;
  }

  private async columnsOf(): Promise<Array<{ name: string; type: string }>> {
    this.columns ??= this.columnCache?.get(this.fold.table);
    this.columns ??= (await this.connection.query(
      `SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute
        WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
      [this.fold.table],
    )) as Array<{ name: string; type: string }>;
    this.columnCache?.set(this.fold.table, this.columns);
    return this.columns;
  }
}
