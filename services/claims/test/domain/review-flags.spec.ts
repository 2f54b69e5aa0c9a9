import { RuleViolationError } from '@warranty/eventsourcing';
import fc from 'fast-check';
import {
  computeReviewFlags,
  daysBetween,
  DEFAULT_REVIEW_THRESHOLDS,
  mergeReviewFlags,
  REVIEW_FLAGS,
  type ReviewFacts,
  reviewThresholds,
  unitReviewFlags,
} from '../../src/domain/review-flags';

const facts = (overrides: Partial<ReviewFacts> = {}): ReviewFacts => ({
  purchaseDate: '2026-01-10',
  filedAt: '2026-03-01T10:00:00.000Z',
  priorClaimsOnUnit: 0,
  customerClaimsLastYear: 0,
  ...overrides,
});

describe('review flags', () => {
  it('raises no flag on an ordinary claim', () => {
    expect(computeReviewFlags(facts())).toEqual([]);
  });

  it('defaults to 30 days, 2 claims per unit, 3 claims per customer a year', () => {
    expect(DEFAULT_REVIEW_THRESHOLDS).toEqual({
      soonAfterPurchaseDays: 30,
      maxClaimsPerUnit: 2,
      maxClaimsPerCustomerPerYear: 3,
    });
    expect(reviewThresholds()).toEqual(DEFAULT_REVIEW_THRESHOLDS);
    expect(reviewThresholds({ maxClaimsPerUnit: 5 })).toEqual({
      ...DEFAULT_REVIEW_THRESHOLDS,
      maxClaimsPerUnit: 5,
    });
  });

  it.each([
    ['2026-01-10T00:00:00Z', true], // the purchase day itself
    ['2026-02-09T23:59:59Z', true], // day 30
    ['2026-02-10T00:00:00Z', false], // day 31
  ])('flags a claim filed at %s soon after a 2026-01-10 purchase: %s', (filedAt, flagged) => {
    expect(computeReviewFlags(facts({ filedAt })).includes('filed_soon_after_purchase')).toBe(
      flagged,
    );
  });

  it('uses the manufacturer threshold for "soon", and skips it without a purchase date', () => {
    expect(computeReviewFlags(facts(), { soonAfterPurchaseDays: 50 })).toEqual([
      'filed_soon_after_purchase',
    ]);
    expect(
      computeReviewFlags(facts({ purchaseDate: null }), { soonAfterPurchaseDays: 999 }),
    ).toEqual([]);
    expect(
      computeReviewFlags(facts({ filedAt: '2026-01-10T05:00:00Z' }), { soonAfterPurchaseDays: 0 }),
    ).toEqual(['filed_soon_after_purchase']);
  });

  it('flags the claim that takes a unit past its maximum', () => {
    expect(computeReviewFlags(facts({ priorClaimsOnUnit: 1 }))).toEqual([]);
    expect(computeReviewFlags(facts({ priorClaimsOnUnit: 2 }))).toEqual(['many_claims_on_unit']);
    expect(computeReviewFlags(facts({ priorClaimsOnUnit: 2 }), { maxClaimsPerUnit: 3 })).toEqual(
      [],
    );
  });

  it('flags the claim that takes a customer past the yearly maximum', () => {
    expect(computeReviewFlags(facts({ customerClaimsLastYear: 2 }))).toEqual([]);
    expect(computeReviewFlags(facts({ customerClaimsLastYear: 3 }))).toEqual([
      'many_claims_by_customer',
    ]);
    expect(
      computeReviewFlags(facts({ customerClaimsLastYear: 0 }), { maxClaimsPerCustomerPerYear: 0 }),
    ).toEqual(['many_claims_by_customer']);
  });

  it('lists every flag in a stable order', () => {
    const filer = computeReviewFlags(
      facts({ filedAt: '2026-01-11T00:00:00Z', priorClaimsOnUnit: 9, customerClaimsLastYear: 9 }),
    );
    const unit = unitReviewFlags({ priorClaimsOnUnit: 9, openClaimOnUnit: true });
    expect(mergeReviewFlags(unit, filer)).toEqual([...REVIEW_FLAGS]);
  });

  it("flags for the manufacturer every retailer's claims on the unit and another's open claim", () => {
    const unit = (priorClaimsOnUnit: number, openClaimOnUnit: boolean) =>
      unitReviewFlags({ priorClaimsOnUnit, openClaimOnUnit });
    expect(unit(1, false)).toEqual([]);
    expect(unit(2, false)).toEqual(['many_claims_on_unit']);
    expect(unit(0, true)).toEqual(['open_claim_on_unit']);
    expect(
      unitReviewFlags({ priorClaimsOnUnit: 1, openClaimOnUnit: true }, { maxClaimsPerUnit: 1 }),
    ).toEqual(['many_claims_on_unit', 'open_claim_on_unit']);
  });

  it.each([
    [
      'invalid-review-threshold',
      'reviewThresholds.soonAfterPurchaseDays',
      {},
      { soonAfterPurchaseDays: -1 },
    ],
    [
      'invalid-review-threshold',
      'reviewThresholds.maxClaimsPerUnit',
      {},
      { maxClaimsPerUnit: 2.5 },
    ],
    ['invalid-claim-history', 'priorClaimsOnUnit', { priorClaimsOnUnit: -1 }, {}],
    ['invalid-claim-history', 'customerClaimsLastYear', { customerClaimsLastYear: NaN }, {}],
  ] as const)('refuses %s for %s', (code, field, factOverrides, thresholds) => {
    let thrown: unknown;
    try {
      computeReviewFlags(facts(factOverrides), thresholds);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RuleViolationError);
    expect(thrown).toMatchObject({ code, details: { field } });
  });

  it('counts calendar days across month ends and leap days', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2026-03-01', '2026-02-28')).toBe(-1);
    expect(daysBetween('2025-03-29', '2025-03-31')).toBe(2);
  });

  it('is monotonic: more history never removes a flag', () => {
    const count = fc.integer({ min: 0, max: 10 });
    fc.assert(
      fc.property(count, count, count, count, (unit, customer, moreUnit, moreCustomer) => {
        const before = computeReviewFlags(
          facts({ priorClaimsOnUnit: unit, customerClaimsLastYear: customer }),
        );
        const after = computeReviewFlags(
          facts({
            priorClaimsOnUnit: unit + moreUnit,
            customerClaimsLastYear: customer + moreCustomer,
          }),
        );
        for (const flag of before) expect(after).toContain(flag);
      }),
    );
  });
});
