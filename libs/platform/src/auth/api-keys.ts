import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import type { Pool } from 'pg';
import type { Actor } from '@warranty/eventsourcing';
import { TENANT_ID_PATTERN } from '../validation/validators';
import { ApiKeyChangeListener } from './api-key-changes';
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

export class UnknownTenantError extends Error {}

/** The key id asked for is taken: the key was issued already (its secret is not shown again). */
export class ApiKeyAlreadyIssuedError extends Error {
  constructor(readonly keyId: string) {
    super(`API key ${keyId} was issued already`);
  }
}

/** A key that authenticated: who it stands for, and its own request rate (null: the default). */
export interface AuthenticatedKey {
  actor: Actor;
  requestsPerMinute: number | null;
}

export interface ListedKey {
  keyId: string;
  tenantId: string;
  role: string;
  label: string;
  revoked: boolean;
  requestsPerMinute: number | null;
}

/** The highest rate a key can have: for the platform's own keys, which no client holds. */
export const MAX_REQUESTS_PER_MINUTE = 100_000_000;

/** A key's own rate: a whole number of requests a minute, or null for the default. */
export function checkRequestRate(perMinute: number | null): void {
  if (
    perMinute !== null &&
    !(Number.isSafeInteger(perMinute) && perMinute >= 1 && perMinute <= MAX_REQUESTS_PER_MINUTE)
  )
    throw new Error(
      `A key's rate is a whole number of requests a minute from 1 to ${MAX_REQUESTS_PER_MINUTE}`,
    );
}

/**
 * Tenants and their API keys: `wk_<keyId>_<secret>`, stored as SHA-256 of the secret. A running
 * application caches authenticated keys only while it hears every change to them (LISTEN/NOTIFY),
 * so a revocation or role change made by any process bites within a second.
 */
export class ApiKeys implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly cache = new Map<string, { key: AuthenticatedKey; expires: number }>();
  private readonly changes: ApiKeyChangeListener;
  /** Bumped on every change heard, so a lookup that raced with a change is not cached. */
  private generation = 0;

  constructor(private readonly pool: Pool) {
    this.changes = new ApiKeyChangeListener(pool, () => {
      this.generation++;
      this.cache.clear();
    });
  }

  /** Starts listening for key changes; until then (and whenever the listener is behind) nothing is cached. */
  async onApplicationBootstrap(): Promise<void> {
    await this.changes.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.changes.stop();
  }

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

  async hasTenant(id: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM platform.tenants WHERE id = $1', [
      id,
    ]);
    return rowCount === 1;
  }

  async tenantIds(): Promise<string[]> {
    const { rows } = await this.pool.query<{ id: string }>(
      'SELECT id FROM platform.tenants ORDER BY id',
    );
    return rows.map((r) => r.id);
  }

  /**
   * Issues a key. `createTenant: true` creates the tenant when missing; `false` refuses a tenant
   * that does not exist (what an operator typing a tenant id needs).
   */
  async create(
    tenantId: string,
    role: string,
    label = '',
    {
      createTenant = true,
      requestsPerMinute = null,
      keyId = randomBytes(6).toString('hex'),
    }: { createTenant?: boolean; requestsPerMinute?: number | null; keyId?: string } = {},
  ): Promise<IssuedKey> {
    if (!isApiRole(role)) throw new Error(`Unknown role: ${role}`);
    checkRequestRate(requestsPerMinute);
    if (createTenant) await this.ensureTenant(tenantId);
    else if (!(await this.hasTenant(tenantId)))
      throw new UnknownTenantError(`Unknown tenant: ${tenantId}`);
    if (!/^[0-9a-f]{12}$/.test(keyId)) throw new Error(`A key id is 12 hex digits: ${keyId}`);
    const secret = randomBytes(24).toString('base64url');
    const { rowCount } = await this.pool.query(
      `INSERT INTO platform.api_keys (id, tenant_id, role, label, key_hash, requests_per_minute)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
      [keyId, tenantId, role, label, sha256(secret), requestsPerMinute],
    );
    if (rowCount !== 1) throw new ApiKeyAlreadyIssuedError(keyId);
    return { keyId, key: `wk_${keyId}_${secret}`, tenantId, role };
  }

  async revoke(keyId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      'UPDATE platform.api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL',
      [keyId],
    );
    return rowCount === 1;
  }

  /** Sets a key's own request rate (null: back to the default); false when no such active key. */
  async setRequestRate(keyId: string, requestsPerMinute: number | null): Promise<boolean> {
    checkRequestRate(requestsPerMinute);
    const { rowCount } = await this.pool.query(
      'UPDATE platform.api_keys SET requests_per_minute = $2 WHERE id = $1 AND revoked_at IS NULL',
      [keyId, requestsPerMinute],
    );
    return rowCount === 1;
  }

  async list(): Promise<ListedKey[]> {
    const { rows } = await this.pool.query(
      `SELECT id, tenant_id, role, label, revoked_at, requests_per_minute
         FROM platform.api_keys ORDER BY tenant_id, created_at`,
    );
    return rows.map((r) => ({
      keyId: r.id,
      tenantId: r.tenant_id,
      role: r.role,
      label: r.label,
      revoked: r.revoked_at !== null,
      requestsPerMinute: r.requests_per_minute,
    }));
  }

  /** The key with its actor and rate, or undefined for an unknown, malformed or revoked key. */
  async authenticate(presented: string): Promise<AuthenticatedKey | undefined> {
    const current = this.changes.isCurrent();
    const cached = current ? this.cache.get(presented) : undefined;
    if (cached && cached.expires > Date.now()) return cached.key;
    const generation = this.generation;
    const match = /^wk_([0-9a-f]{12})_([A-Za-z0-9_-]{32})$/.exec(presented);
    if (!match) return undefined;
    const { rows } = await this.pool.query<{
      tenant_id: string;
      role: ApiRole;
      key_hash: Buffer;
      requests_per_minute: number | null;
    }>(
      `SELECT tenant_id, role, key_hash, requests_per_minute
         FROM platform.api_keys WHERE id = $1 AND revoked_at IS NULL`,
      [match[1]],
    );
    if (rows.length === 0 || !timingSafeEqual(rows[0].key_hash, sha256(match[2]))) return undefined;
    const key: AuthenticatedKey = {
      actor: { id: match[1], role: rows[0].role, tenantId: rows[0].tenant_id },
      requestsPerMinute: rows[0].requests_per_minute,
    };
    if (!current || generation !== this.generation) return key;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(presented, { key, expires: Date.now() + CACHE_TTL_MS });
    return key;
  }
}
