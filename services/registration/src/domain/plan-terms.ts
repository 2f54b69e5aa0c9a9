import { type CoverageKind, isCoverageKind } from '@warranty/coverage';
import { ensure } from '@warranty/eventsourcing';

export const MAX_PLAN_MONTHS = 120;

export function requireMonths(months: number, field: string): void {
  ensure(
    Number.isInteger(months) && months >= 1 && months <= MAX_PLAN_MONTHS,
    'invalid-months',
    field,
    `${field} must be a whole number of months from 1 to ${MAX_PLAN_MONTHS}`,
  );
}

/** Coverage kinds must be known and listed once; `allowEmpty` for extensions that only add time. */
export function requireCoverageKinds(
  coverage: CoverageKind[],
  field: string,
  { allowEmpty = false } = {},
): void {
  ensure(Array.isArray(coverage), 'invalid-coverage', field, `${field} must be a list`);
  ensure(allowEmpty || coverage.length > 0, 'coverage-empty', field, `${field} is empty`);
  for (const kind of coverage)
    ensure(isCoverageKind(kind), 'unknown-coverage-kind', field, `Unknown coverage kind ${kind}`);
  ensure(
    new Set(coverage).size === coverage.length,
    'duplicate-coverage-kind',
    field,
    `${field} lists a coverage kind twice`,
  );
}

const PLAN_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function requirePlanCode(code: string, field: string): void {
  ensure(
    typeof code === 'string' && PLAN_CODE.test(code),
    'invalid-plan-code',
    field,
    `${field} must be 1-64 letters, digits, dots, dashes or underscores`,
  );
}
