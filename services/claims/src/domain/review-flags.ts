import { dayOf, isIsoDate } from '@warranty/coverage';
import { REVIEW_FLAGS, type ReviewFlag } from '@warranty/contracts/claims';
import { ensure } from './rule';

export { REVIEW_FLAGS, type ReviewFlag };

/** Per-manufacturer thresholds (policy data). */
export interface ReviewThresholds {
  /** Flag a claim filed this many days after the purchase or sooner (same day = 0 days). */
  soonAfterPurchaseDays: number;
  /** Claims on one unit that raise no flag; the next one is flagged. */
  maxClaimsPerUnit: number;
  /** Claims by one customer within a year that raise no flag; the next one is flagged. */
  maxClaimsPerCustomerPerYear: number;
}

export const DEFAULT_REVIEW_THRESHOLDS: Readonly<ReviewThresholds> = Object.freeze({
  soonAfterPurchaseDays: 30,
  maxClaimsPerUnit: 2,
  maxClaimsPerCustomerPerYear: 3,
});

export interface ReviewFacts {
  /** YYYY-MM-DD: the registered purchase date or the proof of purchase's; null when unknown. */
  purchaseDate: string | null;
  /** ISO 8601 instant the claim is filed at. */
  filedAt: string;
  /** Claims filed on the unit before this one, in any state (the claim index counts them). */
  priorClaimsOnUnit: number;
  /** Claims the same customer filed in the 365 days before `filedAt`, not counting this one. */
  customerClaimsLastYear: number;
}

const isCount = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;

/** Defaults for what is not given; a threshold is a whole number >= 0. */
export function reviewThresholds(overrides: Partial<ReviewThresholds> = {}): ReviewThresholds {
  const thresholds: ReviewThresholds = { ...DEFAULT_REVIEW_THRESHOLDS };
  for (const key of Object.keys(DEFAULT_REVIEW_THRESHOLDS) as (keyof ReviewThresholds)[]) {
    const value = overrides[key];
    if (value === undefined) continue;
    ensure(
      isCount(value),
      'invalid-review-threshold',
      `reviewThresholds.${key}`,
      `${key} must be a whole number >= 0`,
    );
    thresholds[key] = value;
  }
  return thresholds;
}

const MS_PER_DAY = 86_400_000;

/** Calendar days from one YYYY-MM-DD date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  if (!isIsoDate(from) || !isIsoDate(to))
    throw new RangeError(`Not YYYY-MM-DD dates: ${from}, ${to}`);
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / MS_PER_DAY);
}

/** What the unit's claim index knows when a claim is indexed, over every retailer's claims. */
export interface UnitFacts {
  /** Claims any retailer filed on the unit before this one, in any state. */
  priorClaimsOnUnit: number;
  /** Another retailer has an open claim on the unit for the same defect category. */
  openClaimOnUnit: boolean;
}

/** Pure: the per-unit flags only the manufacturer sees, in the order of REVIEW_FLAGS. */
export function unitReviewFlags(
  facts: UnitFacts,
  overrides: Partial<ReviewThresholds> = {},
): ReviewFlag[] {
  const thresholds = reviewThresholds(overrides);
  const flags: ReviewFlag[] = [];
  if (facts.priorClaimsOnUnit + 1 > thresholds.maxClaimsPerUnit) flags.push('many_claims_on_unit');
  if (facts.openClaimOnUnit) flags.push('open_claim_on_unit');
  return flags;
}

/** The flags of both lists, once each, in the order of REVIEW_FLAGS. */
export const mergeReviewFlags = (...lists: ReviewFlag[][]): ReviewFlag[] =>
  REVIEW_FLAGS.filter((flag) => lists.some((list) => list.includes(flag)));

/** Pure: the review flags a claim gets when filed, in the order of REVIEW_FLAGS. */
export function computeReviewFlags(
  facts: ReviewFacts,
  overrides: Partial<ReviewThresholds> = {},
): ReviewFlag[] {
  const thresholds = reviewThresholds(overrides);
  ensure(
    isCount(facts.priorClaimsOnUnit),
    'invalid-claim-history',
    'priorClaimsOnUnit',
    'priorClaimsOnUnit must be a whole number >= 0',
  );
  ensure(
    isCount(facts.customerClaimsLastYear),
    'invalid-claim-history',
    'customerClaimsLastYear',
    'customerClaimsLastYear must be a whole number >= 0',
  );
  const flags: ReviewFlag[] = [];
  if (facts.purchaseDate !== null) {
    const days = daysBetween(facts.purchaseDate, dayOf(facts.filedAt));
    if (days >= 0 && days <= thresholds.soonAfterPurchaseDays)
      flags.push('filed_soon_after_purchase');
  }
  // Counts exclude the claim being filed: it is the (count + 1)th.
  if (facts.priorClaimsOnUnit + 1 > thresholds.maxClaimsPerUnit) flags.push('many_claims_on_unit');
  if (facts.customerClaimsLastYear + 1 > thresholds.maxClaimsPerCustomerPerYear)
    flags.push('many_claims_by_customer');
  return flags;
}
