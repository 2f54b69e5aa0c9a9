import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Pool } from 'pg';
import type { Actor } from '@warranty/eventsourcing';
import { TENANT_ID_PATTERN } from '../validation/validators';
import { type ApiRole, isApiRole } from './roles';

const CACHE_TTL_MS = 30_000;

const sha256 = (secret: string) => createHash('sha256').update(secret).digest();

export interface IssuedKey {
  keyId: string;
  /** Shown once; only its hash is stored. */
  key: string;
  tenantId: string;
  role: ApiRole;
}

/** Tenants and their API keys: `wk_<keyId>_<secret>`, stored as SHA-256 of the secret. */
export class ApiKeys {
  private readonly cache = new Map<string, { actor: Actor; expires: number }>();

  constructor(private readonly pool: Pool) {}

  static isValidTenantId(id: string): boolean {
    return TENANT_ID_PATTERN.test(id);
  }

  async ensureTenant(id: string, name = id): Promise<void> {
    if (!ApiKeys.isValidTenantId(id))
      throw new Error(`Tenant ids are lower-case letters, digits and dashes: ${id}`);
    await this.pool.query(
      'INSERT INTO platform.tenants (id, name) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING',
      [id, name],
    );
  }

  async create(tenantId: string, role: string, label = ''): Promise<IssuedKey> {
    if (!isApiRole(role)) throw new Error(`Unknown role: ${role}`);
    await this.ensureTenant(tenantId);
    const keyId = randomBytes(6).toString('hex');
    const secret = randomBytes(24).toString('base64url');
    await this.pool.query(
      'INSERT INTO platform.api_keys (id, tenant_id, role, label, key_hash) VALUES ($1, $2, $3, $4, $5)',
      [keyId, tenantId, role, label, sha256(secret)],
    );
    return { keyId, key: `wk_${keyId}_${secret}`, tenantId, role };
  }

  async revoke(keyId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      'UPDATE platform.api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL',
      [keyId],
    );
    this.cache.clear();
    return rowCount === 1;
  }

  async list(): Promise<
    Array<{ keyId: string; tenantId: string; role: string; label: string; revoked: boolean }>
  > {
    const { rows } = await this.pool.query(
      'SELECT id, tenant_id, role, label, revoked_at FROM platform.api_keys ORDER BY tenant_id, created_at',
    );
    return rows.map((r) => ({
      keyId: r.id,
      tenantId: r.tenant_id,
      role: r.role,
      label: r.label,
      revoked: r.revoked_at !== null,
    }));
  }

  /** The actor a presented key stands for, or undefined for an unknown, malformed or revoked key. */
  async authenticate(presented: string): Promise<Actor | undefined> {
    const cached = this.cache.get(presented);
    if (cached && cached.expires > Date.now()) return cached.actor;
    const match = /^wk_([0-9a-f]{12})_([A-Za-z0-9_-]{32})$/.exec(presented);
    if (!match) return undefined;
    const { rows } = await this.pool.query<{ tenant_id: string; role: ApiRole; key_hash: Buffer }>(
      'SELECT tenant_id, role, key_hash FROM platform.api_keys WHERE id = $1 AND revoked_at IS NULL',
      [match[1]],
    );
    if (rows.length === 0 || !timingSafeEqual(rows[0].key_hash, sha256(match[2]))) return undefined;
    const actor: Actor = { id: match[1], role: rows[0].role, tenantId: rows[0].tenant_id };
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(presented, { actor, expires: Date.now() + CACHE_TTL_MS });
    return actor;
  }
}
