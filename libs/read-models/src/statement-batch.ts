import type { EntityManager, QueryRunner } from 'typeorm';

/**
 * Collects a write-only projection's statements, parameters written in as literals, and sends
 * many events' worth in one round trip: what lets a rebuild run at the server's pace instead of
 * one round trip per statement. Every statement reports one affected row and no rows back.
 */
export class StatementBatch {
  private statements: string[] = [];
  readonly manager: EntityManager;

  constructor(private readonly connection: QueryRunner) {
    const recorder = {
      query: async (sql: string, parameters: unknown[] = []) => {
        this.statements.push(inlineParameters(sql, parameters));
        return { records: [], affected: 1 };
      },
    };
    this.manager = { queryRunner: recorder } as unknown as EntityManager;
  }

  get size(): number {
    return this.statements.length;
  }

  /** Sends what was collected, in the connection's current transaction. */
  async flush(): Promise<void> {
    if (this.statements.length === 0) return;
    const text = this.statements.join(';\n');
    this.statements = [];
    await this.connection.query(text);
  }
}

/** $n replaced by the value as a quoted literal, which PostgreSQL types from context as it would a parameter. */
export function inlineParameters(sql: string, parameters: unknown[]): string {
  return sql.replace(/\$(\d+)/g, (_, n: string) => literal(parameters[Number(n) - 1]));
}

function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  return `'${text(value).replaceAll("'", "''")}'`;
}

/** The text form the pg driver would send for a parameter (standard_conforming_strings on). */
function text(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return arrayLiteral(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** A PostgreSQL array literal of the values' text forms, null and undefined as NULL. */
export function arrayLiteral(values: unknown[]): string {
  return `{${values.map((item) => (item === null || item === undefined ? 'NULL' : `"${text(item).replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`)).join(',')}}`;
}
