import type { QueryRunner } from 'typeorm';

interface LiveIndex {
  name: string;
  unique: boolean;
  definition: string;
  /** PRIMARY KEY (...) or UNIQUE (...) when a constraint owns the index. */
  constraint: string | null;
}

/**
 * Fresh copies of a projection's tables in a schema of their own (same columns, defaults and
 * constraints), which the rebuild writes to by search_path and later moves into the live schema
 * while the old tables move out to be dropped. They are filled unlogged with only their unique
 * keys; the other indexes, under the live names, and the WAL come once, before the swap.
 */
export class ShadowTables {
  private readonly schema: string;
  private readonly retired: string;
  private live?: string;

  constructor(
    private readonly connection: QueryRunner,
    projection: string,
    private readonly tables: string[],
  ) {
    const slug = projection.toLowerCase().replace(/[^a-z0-9]+/g, '_');
    this.schema = `rebuild_${slug}`;
    this.retired = `retired_${slug}`;
  }

  async create(): Promise<void> {
    const live = await this.liveSchema();
    await this.connection.query(`DROP SCHEMA IF EXISTS ${this.schema} CASCADE`);
    await this.connection.query(`CREATE SCHEMA ${this.schema}`);
    for (const table of this.tables) {
      await this.connection.query(
        `CREATE UNLOGGED TABLE ${this.schema}.${table}
           (LIKE ${live}.${table} INCLUDING ALL EXCLUDING INDEXES)`,
      );
      for (const index of await this.indexes(table))
        if (index.unique) await this.copy(table, index);
    }
  }

  /** The remaining indexes and the write-ahead log, before the swap takes the live lock. */
  async complete(): Promise<void> {
    for (const table of this.tables) {
      // SET LOGGED rewrites the table and rebuilds its indexes: the others are built after it, once.
      await this.connection.query(`ALTER TABLE ${this.schema}.${table} SET LOGGED`);
      for (const index of await this.indexes(table))
        if (!index.unique) await this.copy(table, index);
      await this.connection.query(`ANALYZE ${this.schema}.${table}`);
    }
  }

  /** For the rest of the transaction, the projection's unqualified table names mean the copies. */
  async writeToShadow(): Promise<void> {
    await this.connection.query(
      `SET LOCAL search_path TO ${this.schema}, ${await this.liveSchema()}`,
    );
  }

  /** In the caller's transaction: the copies become the live tables. */
  async swapIn(): Promise<void> {
    const live = await this.liveSchema();
    await this.connection.query(`DROP SCHEMA IF EXISTS ${this.retired} CASCADE`);
    await this.connection.query(`CREATE SCHEMA ${this.retired}`);
    for (const table of this.tables) {
      await this.connection.query(`ALTER TABLE ${live}.${table} SET SCHEMA ${this.retired}`);
      await this.connection.query(`ALTER TABLE ${this.schema}.${table} SET SCHEMA ${live}`);
    }
  }

  async dropRetired(): Promise<void> {
    await this.connection.query(`DROP SCHEMA IF EXISTS ${this.retired} CASCADE`);
    await this.connection.query(`DROP SCHEMA IF EXISTS ${this.schema} CASCADE`);
  }

  async drop(): Promise<void> {
    await this.connection.query(`DROP SCHEMA IF EXISTS ${this.schema} CASCADE`);
  }

  /** The live index on the copy, under the same name (names are per schema); a key as a constraint. */
  private async copy(table: string, index: LiveIndex): Promise<void> {
    const target = `${this.schema}.${table}`;
    if (index.constraint)
      await this.connection.query(
        `ALTER TABLE ${target} ADD CONSTRAINT "${index.name}" ${index.constraint}`,
      );
    else
      await this.connection.query(
        index.definition.replace(` ON ${await this.liveSchema()}.${table} `, ` ON ${target} `),
      );
  }

  private async indexes(table: string): Promise<LiveIndex[]> {
    return (await this.connection.query(
      `SELECT c.relname AS name, i.indisunique AS unique, pg_get_indexdef(i.indexrelid) AS definition,
              pg_get_constraintdef(k.oid) AS constraint
         FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
         LEFT JOIN pg_constraint k ON k.conindid = i.indexrelid AND k.conrelid = i.indrelid
        WHERE i.indrelid = format('%I.%I', $1::text, $2::text)::regclass`,
      [await this.liveSchema(), table],
    )) as LiveIndex[];
  }

  private async liveSchema(): Promise<string> {
    if (!this.live) {
      const [{ schema }] = (await this.connection.query(
        `SELECT current_schema() AS schema`,
      )) as Array<{ schema: string }>;
      this.live = schema;
    }
    return this.live;
  }
}
