import type { Pool } from 'pg';

export interface SqlMigration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Applies pending migrations of one component in order, each in its own transaction.
 * An advisory lock keeps concurrent starters from applying the same migration twice.
 */
export async function migrate(
  pool: Pool,
  component: string,
  migrations: SqlMigration[],
): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query(`SELECT pg_advisory_lock(hashtext('migrations'))`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS public.schema_migrations (
         component text NOT NULL, version int NOT NULL, name text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (component, version))`,
    );
    const { rows } = await client.query<{ version: number }>(
      'SELECT version FROM public.schema_migrations WHERE component = $1',
      [component],
    );
    const applied = new Set(rows.map((r) => r.version));
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(migration.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query(
          'INSERT INTO public.schema_migrations (component, version, name) VALUES ($1, $2, $3)',
          [component, migration.version, migration.name],
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
  } finally {
    await client.query(`SELECT pg_advisory_unlock(hashtext('migrations'))`).catch(() => undefined);
    client.release();
  }
}
