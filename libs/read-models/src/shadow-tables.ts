import type { QueryRunner } from 'typeorm';

interface IndexRow {
  name: string;
  definition: string;
}

/**
 * Fresh copies of a projection's tables in a schema of their own (same columns, defaults,
 * constraints and indexes), which the rebuild writes to by search_path and later moves into the
 * live schema, under the live tables' index names, while the old tables move out to be dropped.
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
    for (const table of this.tables)
      await this.connection.query(
        `CREATE TABLE ${this.schema}.${table} (LIKE ${live}.${table} INCLUDING ALL)`,
      );
  }

  /** For the rest of the transaction, the projection's unqualified table names mean the copies. */
  async writeToShadow(): Promise<void> {
    await this.connection.query(
      `SET LOCAL search_path TO ${this.schema}, ${await this.liveSchema()}`,
    );
  }

  /** In the caller's transaction: the copies become the live tables with the live index names. */
  async swapIn(): Promise<void> {
    const live = await this.liveSchema();
    await this.connection.query(`DROP SCHEMA IF EXISTS ${this.retired} CASCADE`);
    await this.connection.query(`CREATE SCHEMA ${this.retired}`);
    for (const table of this.tables) {
      await this.connection.query(`ALTER TABLE ${live}.${table} SET SCHEMA ${this.retired}`);
      await this.connection.query(`ALTER TABLE ${this.schema}.${table} SET SCHEMA ${live}`);
      await this.renameIndexes(live, table);
    }
  }

  async dropRetired(): Promise<void> {
    await this.connection.query(`DROP SCHEMA IF EXISTS ${this.retired} CASCADE`);
    await this.connection.query(`DROP SCHEMA IF EXISTS ${this.schema} CASCADE`);
  }

  async drop(): Promise<void> {
    await this.connection.query(`DROP SCHEMA IF EXISTS ${this.schema} CASCADE`);
  }

  /** Names are generated for the copied indexes; migrations refer to the originals' names. */
  private async renameIndexes(live: string, table: string): Promise<void> {
    const old = await this.indexes(this.retired, table);
    const fresh = await this.indexes(live, table);
    for (const index of fresh) {
      const twin = old.find((o) => o.definition === index.definition);
      if (twin && twin.name !== index.name)
        await this.connection.query(`ALTER INDEX ${live}."${index.name}" RENAME TO "${twin.name}"`);
    }
  }

  /** Each index of the table with its definition stripped of its own name and schema. */
  private async indexes(schema: string, table: string): Promise<IndexRow[]> {
    const rows = (await this.connection.query(
      `SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS definition
         FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
        WHERE i.indrelid = format('%I.%I', $1::text, $2::text)::regclass`,
      [schema, table],
    )) as IndexRow[];
    return rows.map((row) => ({
      name: row.name,
      definition: row.definition.replace(/^CREATE (UNIQUE )?INDEX \S+ ON \S+/, 'CREATE $1INDEX ON'),
    }));
  }

  private async liveSchema(): Promise<string> {
    if (!this.live) {
      const [{ schema }] = (await this.connection.query(
        `SELECT current_schema() AS schema`,
      )) as Array<{
        schema: string;
      }>;
      this.live = schema;
    }
    return this.live;
  }
}
