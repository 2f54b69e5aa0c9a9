import type { Pool } from 'pg';

export interface TenantRecord {
  tenantId: string;
  name: string;
  createdAt: Date;
}

export interface ApiKeyRecord {
  keyId: string;
  tenantId: string;
  role: string;
  label: string;
  requestsPerMinute: number | null;
  createdAt: Date;
  revokedAt: Date | null;
}

/** A page and the cursor of the next one: the last id of this page while more follow. */
export interface RecordPage<T> {
  items: T[];
  nextCursor: string | null;
}

const KEY_COLUMNS = `id AS "keyId", tenant_id AS "tenantId", role, label,
  requests_per_minute AS "requestsPerMinute", created_at AS "createdAt", revoked_at AS "revokedAt"`;

/** Tenants and API keys as operators see them: never a key's hash. */
export class AccessRecords {
  constructor(private readonly pool: Pool) {}

  /** The new tenant, or null when the id is taken. */
  async addTenant(tenantId: string, name: string): Promise<TenantRecord | null> {
    const { rows } = await this.pool.query<TenantRecord>(
      `INSERT INTO platform.tenants (id, name) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING
       RETURNING id AS "tenantId", name, created_at AS "createdAt"`,
      [tenantId, name],
    );
    return rows[0] ?? null;
  }

  async tenant(tenantId: string): Promise<TenantRecord | undefined> {
    const { rows } = await this.pool.query<TenantRecord>(
      `SELECT id AS "tenantId", name, created_at AS "createdAt" FROM platform.tenants WHERE id = $1`,
      [tenantId],
    );
    return rows[0];
  }

  /** Tenants by id, after the cursor's. */
  async tenants(after: string | undefined, limit: number): Promise<RecordPage<TenantRecord>> {
    const { rows } = await this.pool.query<TenantRecord>(
      `SELECT id AS "tenantId", name, created_at AS "createdAt" FROM platform.tenants
        WHERE $1::text IS NULL OR id > $1 ORDER BY id LIMIT $2`,
      [after ?? null, limit + 1],
    );
    return page(rows, limit, (tenant) => tenant.tenantId);
  }

  async key(keyId: string): Promise<ApiKeyRecord | undefined> {
    const { rows } = await this.pool.query<ApiKeyRecord>(
      `SELECT ${KEY_COLUMNS} FROM platform.api_keys WHERE id = $1`,
      [keyId],
    );
    return rows[0];
  }

  /** Keys by id, after the cursor's, of one tenant or all. */
  async keys(
    tenantId: string | undefined,
    after: string | undefined,
    limit: number,
  ): Promise<RecordPage<ApiKeyRecord>> {
    const { rows } = await this.pool.query<ApiKeyRecord>(
      `SELECT ${KEY_COLUMNS} FROM platform.api_keys
        WHERE ($1::text IS NULL OR tenant_id = $1) AND ($2::text IS NULL OR id > $2)
        ORDER BY id LIMIT $3`,
      [tenantId ?? null, after ?? null, limit + 1],
    );
    return page(rows, limit, (key) => key.keyId);
  }
}

function page<T>(rows: T[], limit: number, idOf: (row: T) => string): RecordPage<T> {
  const items = rows.slice(0, limit);
  return {
    items,
    nextCursor: rows.length > limit ? idOf(items[items.length - 1]) : null,
  };
}
