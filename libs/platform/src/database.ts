import { Pool } from 'pg';

export const PG_POOL = Symbol('PgPool');

export function createPool(connectionString: string, max = 10): Pool {
  const pool = new Pool({ connectionString, max });
  pool.on('error', () => undefined); // idle-client errors surface on the next query instead
  return pool;
}
