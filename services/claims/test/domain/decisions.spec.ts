import { fold, IllegalStateError, RuleViolationError } from '@warranty/eventsourcing';
import { deciderSpecification } from '@warranty/testing';
import { claimDecider } from '../../src/domain/claim.decider';
import {
  appealRejection,
  approveClaim,
  claimAppealed,
  claimApproved,
  claimFiled,
  claimId,
  claimRejected,
  histories,
  now,
  rejectClaim,
  reviewStarted,
  startReview,
  uncoveredClaimFiled,
} from './fixtures';

const spec = deciderSpecification(claimDecider);

const uncoveredUnderReview = [uncoveredClaimFiled, reviewStarted()];
const eur = (amount: number) => ({ amount, currency: 'EUR' });
const usd = (amount: number) => ({ amount, currency: 'USD' });
const jpy = (amount: number) => ({ amount, currency: 'JPY' });
const MAX = Number.MAX_SAFE_INTEGER;
const receiptCoverage = {
  covered: true,
  planCode: 'RECEIPT-12M',
  endDate: '2027-01-09',
  reason: null,
  source: 'proof_of_purchase' as const,
};

describe('ApproveClaim', () => {
  it('approves a covered claim for a repair without an amount', () => {
    spec
      .given(histories.under_review)
      .when(approveClaim())
      .then([claimApproved({ at: now })]);
    expect(fold(claimDecider, histories.approved)).toMatchObject({
      status: 'approved',
      approval: { resolution: 'repair', goodwill: false },
    });
  });

  it('approves a replacement with an optional amount', () => {
    spec
      .given(histories.under_review)
      .when(approveClaim({ resolution: 'replace', approvedAmount: eur(0) }))
      .then([claimApproved({ resolution: 'replace', approvedAmount: eur(0), at: now })]);
  });

  it.each(['refund', 'credit'] as const)('approves a %s with its amount', (resolution) => {
    spec
      .given(histories.under_review)
      .when(approveClaim({ resolution, approvedAmount: eur(79_900) }))
      .then([claimApproved({ resolution, approvedAmount: eur(79_900), at: now })]);
  });

  it.each(['refund', 'credit'] as const)('refuses a %s without an amount', (resolution) => {
    spec
      .given(histories.under_review)
      .when(approveClaim({ resolution }))
      .thenThrows<RuleViolationError>(RuleViolationError, (e) => {
        expect(e.code).toBe('amount-required');
        expect(e.details).toEqual({ field: 'approvedAmount' });
      });
  });

  it.each([
    ['approvedAmount.amount', eur(-1)],
    ['approvedAmount.amount', eur(10.5)],
    ['approvedAmount.amount', eur(Number.MAX_SAFE_INTEGER + 1)],
    ['approvedAmount.currency', { amount: 100, currency: 'eur' }],
    ['approvedAmount.currency', { amount: 100, currency: 'EURO' }],
  ])('refuses an approved amount with a bad %s', (field, approvedAmount) => {
    spec
      .given(histories.under_review)
      .when(approveClaim({ resolution: 'refund', approvedAmount }))
      .thenThrows<RuleViolationError>(RuleViolationError, (e) => {
        expect(e.code).toBe('invalid-amount');
        expect(e.details).toEqual({ field });
      });
  });

  describe('a refund or credit: more than nothing, in the currency of the sale, never above its price', () => {
    const onReceipt = [
      claimFiled({ productId: null, price: null, coverage: receiptCoverage }),
      reviewStarted(),
    ];
    /** Filed before claims recorded the unit's price: it still replays. */
    const { price: _price, ...legacyData } = claimFiled().data;
    const legacy = [{ type: 'ClaimFiled' as const, data: legacyData }, reviewStarted()];

    it.each([
      ['refund', 'the whole price', eur(129_900)],
      ['credit', 'part of it', eur(1)],
    ] as const)('approves a %s of %s', (resolution, _what, approvedAmount) => {
      spec
        .given(histories.under_review)
        .when(approveClaim({ resolution, approvedAmount }))
        .then([claimApproved({ resolution, approvedAmount, at: now })]);
    });

    it.each([
      ['refund', 'amount-exceeds-price', 'approvedAmount.amount', eur(20_000_000), false],
      ['refund', 'amount-exceeds-price', 'approvedAmount.amount', eur(129_901), true],
      ['credit', 'currency-mismatch', 'approvedAmount.currency', usd(100_000), false],
      ['credit', 'currency-mismatch', 'approvedAmount.currency', jpy(MAX), true],
      ['refund', 'invalid-amount', 'approvedAmount.amount', eur(0), false],
      ['credit', 'invalid-amount', 'approvedAmount.amount', eur(0), true],
    ] as const)(
      'refuses a %s with %s on %s (%j, goodwill %s)',
      (resolution, code, field, approvedAmount, goodwill) => {
        spec
          .given(histories.under_review)
          .when(approveClaim({ resolution, approvedAmount, goodwill }))
          .thenThrows<RuleViolationError>(RuleViolationError, (e) => {
            expect(e.code).toBe(code);
            expect(e.details).toEqual({ field });
          });
      },
    );

    it('says what the most is, in the currency of the sale', () => {
      spec
        .given(uncoveredUnderReview)
        .when(approveClaim({ goodwill: true, resolution: 'refund', approvedAmount: eur(130_000) }))
        .thenThrows<RuleViolationError>(RuleViolationError, (e) =>
          expect(e.message).toBe(
            `Claim ${claimId} can get at most 129900 EUR minor units (its unit's price)`,
          ),
        );
    });

    it.each([
      ['on a receipt', onReceipt],
      ['filed before prices were recorded', legacy],
    ])('knows no ceiling %s, but still refuses nothing', (_case, history) => {
      spec
        .given(history)
        .when(approveClaim({ resolution: 'refund', approvedAmount: jpy(MAX) }))
        .then([claimApproved({ resolution: 'refund', approvedAmount: jpy(MAX), at: now })]);
      spec
        .given(history)
        .when(approveClaim({ resolution: 'credit', approvedAmount: eur(0) }))
        .thenThrows<RuleViolationError>(RuleViolationError, (e) =>
          expect(e.code).toBe('invalid-amount'),
        );
    });
  });

  it('refuses an unknown resolution', () => {
    spec
      .given(histories.under_review)
      .when(approveClaim({ resolution: 'upgrade' as never }))
      .thenThrows<RuleViolationError>(RuleViolationError, (e) =>
        expect(e.code).toBe('invalid-resolution'),
      );
  });

  it('refuses to approve an uncovered claim without goodwill', () => {
    spec
      .given(uncoveredUnderReview)
      .when(approveClaim())
      .thenThrows<RuleViolationError>(RuleViolationError, (e) => {
        expect(e.code).toBe('not-covered-needs-goodwill');
        expect(e.details).toEqual({ field: 'goodwill' });
        expect(e.message).toContain('expired');
      });
  });

  it('approves an uncovered claim as goodwill', () => {
    spec
      .given(uncoveredUnderReview)
      .when(approveClaim({ goodwill: true, resolution: 'credit', approvedAmount: eur(5_000) }))
      .then([
        claimApproved({
          goodwill: true,
          resolution: 'credit',
          approvedAmount: eur(5_000),
          at: now,
        }),
      ]);
  });

  it('lets a covered claim be approved as goodwill too (beyond what the plan promises)', () => {
    spec
      .given(histories.under_review)
      .when(approveClaim({ goodwill: true, resolution: 'refund', approvedAmount: eur(1) }))
      .then([
        claimApproved({ goodwill: true, resolution: 'refund', approvedAmount: eur(1), at: now }),
      ]);
  });
});

describe('RejectClaim', () => {
  it('rejects a claim under review, appealable', () => {
    spec
      .given(histories.under_review)
      .when(rejectClaim())
      .then([claimRejected({ at: now })]);
  });

  it('rejects an uncovered claim', () => {
    spec
      .given(uncoveredUnderReview)
      .when(rejectClaim({ reasonCode: 'out_of_warranty', notes: '' }))
      .then([claimRejected({ reasonCode: 'out_of_warranty', notes: '', at: now })]);
  });

  it('needs notes for another reason', () => {
    spec
      .given(histories.under_review)
      .when(rejectClaim({ reasonCode: 'other', notes: ' ' }))
      .thenThrows<RuleViolationError>(RuleViolationError, (e) =>
        expect(e.code).toBe('notes-required'),
      );
    spec
      .given(histories.under_review)
      .when(rejectClaim({ reasonCode: 'other', notes: 'Unit is a counterfeit' }))
      .then([claimRejected({ reasonCode: 'other', notes: 'Unit is a counterfeit', at: now })]);
  });

  it('refuses an unknown reason code', () => {
    spec
      .given(histories.under_review)
      .when(rejectClaim({ reasonCode: 'bad_luck' as never }))
      .thenThrows<RuleViolationError>(RuleViolationError, (e) =>
        expect(e.code).toBe('invalid-reason'),
      );
  });
});

describe('AppealRejection', () => {
  const reReviewed = [...histories.appealed, reviewStarted('appealed', now)];

  it('appeals a rejection, then the review starts again', () => {
    spec
      .given(histories.rejected)
      .when(appealRejection)
      .then([{ ...claimAppealed, data: { ...claimAppealed.data, at: now } }]);
    spec
      .given(histories.appealed)
      .when(startReview)
      .then([reviewStarted('appealed', now)]);
  });

  it('may end in an approval after the appeal', () => {
    spec
      .given(reReviewed)
      .when(approveClaim())
      .then([claimApproved({ at: now })]);
  });

  it('makes a second rejection final and refuses a second appeal', () => {
    spec
      .given(reReviewed)
      .when(rejectClaim())
      .then([claimRejected({ final: true, at: now })]);
    spec
      .given([...reReviewed, claimRejected({ final: true })])
      .when(appealRejection)
      .thenThrows<IllegalStateError>(IllegalStateError, (e) => {
        expect(e.state).toBe('rejected');
        expect(e.code).toBe('appeal-already-used');
        expect(e.message).toContain('rejected');
      });
  });

  it('needs grounds', () => {
    spec
      .given(histories.rejected)
      .when({ ...appealRejection, grounds: '' })
      .thenThrows<RuleViolationError>(RuleViolationError, (e) =>
        expect(e.code).toBe('grounds-required'),
      );
  });

  it('keeps the first rejection and the appeal in the state', () => {
    expect(fold(claimDecider, histories.appealed)).toMatchObject({
      status: 'appealed',
      rejection: { reasonCode: 'misuse', final: false },
      appeal: { grounds: 'The customer uses the dosing cup' },
    });
  });
});
