import { isIsoDate } from '@warranty/coverage';
import { ensure } from '@warranty/eventsourcing';
import { EVIDENCE_KINDS, type Evidence, type Money } from './events';

export { ensure };

export const isText = (value: unknown): value is string =>
  typeof value === 'string' && value.trim().length > 0;

/** A non-blank string; returns it trimmed. */
export function requireText(value: string, field: string, code = 'field-required'): string {
  ensure(isText(value), code, field, `${field} is required`);
  return value.trim();
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export const isInstant = (value: unknown): value is string =>
  typeof value === 'string' && INSTANT.test(value) && !Number.isNaN(Date.parse(value));

export function requireInstant(value: string, field: string): void {
  ensure(isInstant(value), 'invalid-instant', field, `${field} must be an ISO 8601 instant`);
}

export function requireDate(value: string, field: string): void {
  ensure(isIsoDate(value), 'invalid-date', field, `${field} must be a YYYY-MM-DD date`);
}

export function requireOneOf<T extends string>(
  value: T,
  allowed: readonly T[],
  field: string,
  code: string,
): void {
  ensure(allowed.includes(value), code, field, `${field} must be one of ${allowed.join(', ')}`);
}

/** Integer minor units >= 0 and an ISO 4217 code; returns a copy. */
export function requireMoney(money: Money, field: string): Money {
  ensure(
    typeof money === 'object' && money !== null,
    'invalid-amount',
    field,
    `${field} must be an amount and a currency`,
  );
  ensure(
    Number.isSafeInteger(money.amount) && money.amount >= 0,
    'invalid-amount',
    `${field}.amount`,
    'An amount is a non-negative whole number of minor units',
  );
  ensure(
    typeof money.currency === 'string' && /^[A-Z]{3}$/.test(money.currency),
    'invalid-amount',
    `${field}.currency`,
    'A currency is an ISO 4217 code',
  );
  return { amount: money.amount, currency: money.currency };
}

const SHA256 = /^[0-9a-f]{64}$/;

function isUri(value: string): boolean {
  try {
    return new URL(value).protocol.length > 1;
  } catch {
    return false;
  }
}

/** Validates evidence references and returns normalized copies (hash in lower case). */
export function requireEvidence(items: Evidence[], field: string): Evidence[] {
  ensure(Array.isArray(items), 'invalid-evidence', field, `${field} must be a list`);
  return items.map((item, i) => {
    const at = `${field}[${i}]`;
    ensure(
      typeof item === 'object' && item !== null,
      'invalid-evidence',
      at,
      `${at} is not evidence`,
    );
    requireOneOf(item.kind, EVIDENCE_KINDS, `${at}.kind`, 'invalid-evidence');
    ensure(
      typeof item.uri === 'string' && isUri(item.uri),
      'invalid-evidence',
      `${at}.uri`,
      `${at}.uri must be an absolute URI`,
    );
    const sha256 = typeof item.sha256 === 'string' ? item.sha256.toLowerCase() : '';
    ensure(
      SHA256.test(sha256),
      'invalid-evidence',
      `${at}.sha256`,
      `${at}.sha256 must be 64 hex digits`,
    );
    ensure(
      Number.isSafeInteger(item.sizeBytes) && item.sizeBytes > 0,
      'invalid-evidence',
      `${at}.sizeBytes`,
      `${at}.sizeBytes must be a whole number of bytes > 0`,
    );
    return { kind: item.kind, uri: item.uri, sha256, sizeBytes: item.sizeBytes };
  });
}
