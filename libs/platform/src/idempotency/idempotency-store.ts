import { withoutUnsafeText } from '../validation/unsafe-text';
import type { Pool } from 'pg';

export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export type Claim =
  | { outcome: 'claimed' }
  | { outcome: 'replay'; response: StoredResponse }
  | { outcome: 'mismatch' }
  | { outcome: 'in_progress' };

/**
 * A request that claimed a key but never finished (crashed) frees it after this long. Short on
 * purpose: a rerun of the command finds its own events by command id, so it converges.
 */
const ABANDONED_AFTER = '10 seconds';

/** Idempotency keys per tenant, stored durably with the first response. */
export class IdempotencyStore {
  constructor(private readonly pool: Pool) {}

  /** One round trip: takes the key, or reads what holds it. */
  async claim(tenantId: string, key: string, requestHash: string): Promise<Claim> {
    const { rows } = await this.pool.query<{
      claimed: boolean;
      request_hash: string | null;
      status: number | null;
      headers: Record<string, string> | null;
      body: unknown;
    }>(
      `WITH taken AS (
         INSERT INTO platform.idempotency_keys (tenant_id, key, request_hash) VALUES ($1, $2, $3)
         ON CONFLICT (tenant_id, key) DO UPDATE SET started_at = now()
           WHERE idempotency_keys.status IS NULL AND idempotency_keys.request_hash = $3
             AND idempotency_keys.started_at < now() - interval '${ABANDONED_AFTER}'
         RETURNING 1)
       SELECT true AS claimed, NULL AS request_hash, NULL::int AS status, NULL::jsonb AS headers,
              NULL::jsonb AS body FROM taken
       UNION ALL
       SELECT false, request_hash, status, headers, body FROM platform.idempotency_keys
        WHERE tenant_id = $1 AND key = $2 AND NOT EXISTS (SELECT 1 FROM taken)`,
      [tenantId, key, requestHash],
    );
    const row = rows[0];
    // The holder committed after this statement's snapshot was taken: look again.
    if (!row) return this.claim(tenantId, key, requestHash);
    if (row.claimed) return { outcome: 'claimed' };
    if (row.request_hash !== requestHash) return { outcome: 'mismatch' };
    if (row.status === null) return { outcome: 'in_progress' };
    return {
      outcome: 'replay',
      response: { status: row.status, headers: row.headers ?? {}, body: row.body },
    };
  }

  async complete(tenantId: string, key: string, response: StoredResponse): Promise<void> {
    await this.pool.query(
      `UPDATE platform.idempotency_keys SET status = $3, headers = $4, body = $5, completed_at = now()
       WHERE tenant_id = $1 AND key = $2`,
      [
        tenantId,
        key,
        response.status,
        storableJson(response.headers),
        storableJson(response.body ?? null),
      ],
    );
  }

  /** Frees a key whose request failed for a reason a retry may not meet again (5xx). */
  async release(tenantId: string, key: string): Promise<void> {
    await this.pool.query(
      'DELETE FROM platform.idempotency_keys WHERE tenant_id = $1 AND key = $2 AND status IS NULL',
      [tenantId, key],
    );
  }
}

/** How JSON.stringify writes a NUL or a lone surrogate; a text without either is stored as is. */
const ESCAPED_UNSAFE = /\\u0000|\\ud[89a-f]/i;

/** JSON text PostgreSQL's jsonb accepts, whatever strings (values or keys) the value holds. */
export function storableJson(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined || !ESCAPED_UNSAFE.test(text)) return text;
  return JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item === 'string') return withoutUnsafeText(item);
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
    return Object.fromEntries(Object.entries(item).map(([k, v]) => [withoutUnsafeText(k), v]));
  });
}
