import { withoutUnsafeText } from '../validation/unsafe-text';
import type { Pool } from 'pg';
import { StatementGroups } from '@warranty/postgres';

export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export type Claim =
  | { outcome: 'claimed' }
  | { outcome: 'replay'; response: StoredResponse }
  /** The same request succeeded, but its answer held a secret and was never kept. */
  | { outcome: 'not_kept' }
  | { outcome: 'mismatch' }
  | { outcome: 'in_progress' };

/** Stored in place of the headers of an answer that was not kept: it marks the key as such. */
const NOT_KEPT = { 'cache-control': 'no-store' };

/**
 * A request that claimed a key but never finished (crashed) frees it after this long. Short on
 * purpose: a rerun of the command finds its own events by command id, so it converges.
 */
const ABANDONED_AFTER = '10 seconds';

interface ClaimRow {
  n: number;
  claimed: boolean;
  request_hash: string | null;
  status: number | null;
  headers: Record<string, string> | null;
  body: unknown;
}

interface KeyClaim {
  tenantId: string;
  key: string;
  requestHash: string;
}

interface KeyCompletion {
  tenantId: string;
  key: string;
  status: number;
  headers: Record<string, string>;
  /** The body as the JSON text that was sent. */
  bodyJson: string;
}

/**
 * Takes each key, or reads what holds it; keys go in one order, so two processes never deadlock.
 * Here and in COMPLETE_KEYS, `= ANY` on both key columns keeps the plan on the primary key:
 * joined with the input alone, a table without statistics was read whole. With them, the plan
 * made once for a prepared statement stays on the key too (idempotency-plans.spec), so both are
 * prepared: planning them cost PostgreSQL more than running them.
 */
export const CLAIM_KEYS = `
  WITH input AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS i(n int, tenant_id text, key text, request_hash text)),
  taken AS (
    INSERT INTO platform.idempotency_keys (tenant_id, key, request_hash)
    SELECT tenant_id, key, request_hash FROM input ORDER BY tenant_id, key
    ON CONFLICT (tenant_id, key) DO UPDATE SET started_at = now()
      WHERE idempotency_keys.status IS NULL
        AND idempotency_keys.request_hash = excluded.request_hash
        AND idempotency_keys.started_at < now() - interval '${ABANDONED_AFTER}'
    RETURNING tenant_id, key)
  SELECT i.n, true AS claimed, NULL AS request_hash, NULL::int AS status, NULL::jsonb AS headers,
         NULL::jsonb AS body
    FROM input i JOIN taken t ON t.tenant_id = i.tenant_id AND t.key = i.key
  UNION ALL
  SELECT i.n, false, k.request_hash, k.status, k.headers, k.body
    FROM input i JOIN platform.idempotency_keys k ON k.tenant_id = i.tenant_id AND k.key = i.key
   WHERE k.tenant_id = ANY($2::text[]) AND k.key = ANY($3::text[])
     AND NOT EXISTS (SELECT 1 FROM taken t WHERE t.tenant_id = i.tenant_id AND t.key = i.key)`;

export const COMPLETE_KEYS = `
  UPDATE platform.idempotency_keys k
     SET status = i.status, headers = i.headers, body = i.body, completed_at = now()
    FROM jsonb_to_recordset($1::jsonb) AS i(tenant_id text, key text, status int, headers jsonb, body jsonb)
   WHERE k.tenant_id = ANY($2::text[]) AND k.key = ANY($3::text[])
     AND k.tenant_id = i.tenant_id AND k.key = i.key`;

const keyOf = ({ tenantId, key }: { tenantId: string; key: string }) =>
  JSON.stringify([tenantId, key]);

/** The tenants and the keys of a group, for the statements' `= ANY` bounds. */
const keyColumns = (inputs: ReadonlyArray<{ tenantId: string; key: string }>) => [
  [...new Set(inputs.map((input) => input.tenantId))],
  inputs.map((input) => input.key),
];

/**
 * Idempotency keys per tenant, stored durably with the first response. Claims and completions
 * that arrive together share a statement (group commit), like appends do.
 */
export class IdempotencyStore {
  private readonly claims: StatementGroups<KeyClaim, ClaimRow | undefined>;
  private readonly completions: StatementGroups<KeyCompletion, void>;

  constructor(private readonly pool: Pool) {
    this.claims = new StatementGroups<KeyClaim, ClaimRow | undefined>(
      (inputs) => this.claimKeys(inputs),
      { key: keyOf },
    );
    this.completions = new StatementGroups<KeyCompletion, void>(
      (inputs) => this.completeKeys(inputs),
      {
        key: keyOf,
      },
    );
  }

  /** One round trip, shared with the claims beside it: takes the key, or reads what holds it. */
  async claim(tenantId: string, key: string, requestHash: string): Promise<Claim> {
    const row = await this.claims.submit({ tenantId, key, requestHash });
    // The holder committed after this statement's snapshot was taken: look again.
    if (!row) return this.claim(tenantId, key, requestHash);
    if (row.claimed) return { outcome: 'claimed' };
    if (row.request_hash !== requestHash) return { outcome: 'mismatch' };
    if (row.status === null) return { outcome: 'in_progress' };
    if (row.headers?.['cache-control'] === NOT_KEPT['cache-control'])
      return { outcome: 'not_kept' };
    return {
      outcome: 'replay',
      response: { status: row.status, headers: row.headers ?? {}, body: row.body },
    };
  }

  /** Stores a success; its body as the JSON text that was sent, so it need not be parsed again. */
  complete(
    tenantId: string,
    key: string,
    { status, headers }: Omit<StoredResponse, 'body'>,
    bodyJson: string,
  ): Promise<void> {
    return this.completions.submit({ tenantId, key, status, headers, bodyJson });
  }

  /**
   * Records a success whose answer must not be kept (it holds a secret): the key keeps its
   * request's hash, so another body is still a mismatch, and no part of the answer.
   */
  completeUnkept(tenantId: string, key: string, status: number): Promise<void> {
    return this.complete(tenantId, key, { status, headers: NOT_KEPT }, 'null');
  }

  private async claimKeys(inputs: readonly KeyClaim[]): Promise<Array<ClaimRow | undefined>> {
    const { rows } = await this.pool.query<ClaimRow>({
      name: 'platform.claim_keys',
      text: CLAIM_KEYS,
      values: [
        JSON.stringify(
          inputs.map((input, n) => ({
            n,
            tenant_id: input.tenantId,
            key: input.key,
            request_hash: input.requestHash,
          })),
        ),
        ...keyColumns(inputs),
      ],
    });
    const answers: Array<ClaimRow | undefined> = new Array(inputs.length);
    for (const row of rows) answers[row.n] = row;
    return answers;
  }

  private async completeKeys(inputs: readonly KeyCompletion[]): Promise<void[]> {
    // Headers and bodies go in as storable JSON text, spliced into the document unparsed.
    const document = inputs
      .map(
        ({ tenantId, key, status, headers, bodyJson }) =>
          `{"tenant_id":${JSON.stringify(tenantId)},"key":${JSON.stringify(key)},"status":${Number(status)},"headers":${storableJson(headers)},"body":${storableJsonText(bodyJson)}}`,
      )
      .join(',');
    await this.pool.query({
      name: 'platform.complete_keys',
      text: COMPLETE_KEYS,
      values: [`[${document}]`, ...keyColumns(inputs)],
    });
    return inputs.map(() => undefined);
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

/** JSON text as storableJson would write its value: unchanged unless it holds unsafe text. */
function storableJsonText(text: string): string {
  return ESCAPED_UNSAFE.test(text) ? storableJson(JSON.parse(text)) : text;
}
