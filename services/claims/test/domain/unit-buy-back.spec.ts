import { fold, IllegalStateError, RuleViolationError } from '@warranty/eventsourcing';
import { deciderSpecification } from '@warranty/testing';
import { claimIndexDecider, type ReserveBuyBack } from '../../src/domain/claim-index';
import { claimDecider } from '../../src/domain/claim.decider';
import type { BuyBackReserved, ClaimEvent, ClaimIndexed } from '../../src/domain/events';
import { buyBackStanding, type UnitBuyBack } from '../../src/domain/unit-buy-back';
import {
  approveClaim,
  claimApproved,
  claimFiled,
  claimRejected,
  claimResolved,
  fulfilmentStarted,
  histories,
  now,
  reviewStarted,
  uncoveredClaimFiled,
} from './fixtures';

const eur = (amount: number) => ({ amount, currency: 'EUR' });
const bought = (overrides: Partial<UnitBuyBack>): UnitBuyBack => ({
  otherClaimId: null,
  registrationCancelled: null,
  ...overrides,
});

describe('ApproveClaim: a unit is bought back once', () => {
  const spec = deciderSpecification(claimDecider);

  it.each(['refund', 'credit'] as const)(
    'refuses a %s while another claim on the unit is approved for one, naming it',
    (resolution) => {
      spec
        .given(histories.under_review)
        .when(
          approveClaim({
            resolution,
            approvedAmount: eur(50_001),
            buyBack: bought({
              otherClaimId: 'clm-0',
              registrationCancelled: 'returned_for_refund',
            }),
          }),
        )
        .thenThrows<IllegalStateError>(IllegalStateError, (e) => {
          expect(e.code).toBe('unit-already-refunded');
          expect(e.kind).toBe('conflict');
          expect(e.details).toEqual({
            state: 'under_review',
            otherClaimId: 'clm-0',
            serialNumber: 'SN-001',
          });
          expect(e.message).toContain('clm-0');
        });
    },
  );

  it.each(['returned_for_refund', 'replaced', 'registered_in_error'])(
    'refuses a refund on a unit whose registration was cancelled (%s), with the reason',
    (reason) => {
      spec
        .given(histories.under_review)
        .when(
          approveClaim({
            resolution: 'refund',
            approvedAmount: eur(100),
            buyBack: bought({ registrationCancelled: reason }),
          }),
        )
        .thenThrows<IllegalStateError>(IllegalStateError, (e) => {
          expect(e.code).toBe('registration-cancelled');
          expect(e.details).toEqual({
            state: 'under_review',
            serialNumber: 'SN-001',
            productId: 'acme~SN-001',
            reason,
          });
        });
    },
  );

  it('applies to goodwill on an uncovered unit too: it is money for the unit all the same', () => {
    spec
      .given([uncoveredClaimFiled, reviewStarted()])
      .when(
        approveClaim({
          goodwill: true,
          resolution: 'credit',
          approvedAmount: eur(5_000),
          buyBack: bought({ otherClaimId: 'clm-0' }),
        }),
      )
      .thenThrows<IllegalStateError>(IllegalStateError, (e) =>
        expect(e.code).toBe('unit-already-refunded'),
      );
  });

  it('refuses bad input first: an amount above the price is a 400 whatever else stands', () => {
    spec
      .given(histories.under_review)
      .when(
        approveClaim({
          resolution: 'refund',
          approvedAmount: eur(129_901),
          buyBack: bought({ otherClaimId: 'clm-0' }),
        }),
      )
      .thenThrows<RuleViolationError>(RuleViolationError, (e) =>
        expect(e.code).toBe('amount-exceeds-price'),
      );
  });

  it('leaves a repair or a replacement alone: they pay nothing out', () => {
    const cancelled = bought({
      otherClaimId: 'clm-0',
      registrationCancelled: 'returned_for_refund',
    });
    spec
      .given(histories.under_review)
      .when(approveClaim({ resolution: 'replace', buyBack: cancelled }))
      .then([claimApproved({ resolution: 'replace', at: now })]);
  });

  it('approves a refund when nothing stands against it', () => {
    spec
      .given(histories.under_review)
      .when(approveClaim({ resolution: 'refund', approvedAmount: eur(129_900) }))
      .then([claimApproved({ resolution: 'refund', approvedAmount: eur(129_900), at: now })]);
  });
});

describe("a claim's standing towards its unit's buy-back", () => {
  const refund = claimApproved({ resolution: 'refund', approvedAmount: eur(100) });
  const standing = (events: ClaimEvent[]) => buyBackStanding(fold(claimDecider, events));

  it.each([
    ['approved for a refund', 'buys', [claimFiled(), reviewStarted(), refund]],
    [
      'resolved refunded',
      'buys',
      [claimFiled(), reviewStarted(), refund, claimResolved({ outcome: 'refunded', rmaId: null })],
    ],
    [
      'approved for a refund, then ended without paying',
      'never',
      [
        claimFiled(),
        reviewStarted(),
        refund,
        fulfilmentStarted,
        claimResolved({ outcome: 'rma_cancelled' }),
      ],
    ],
    ['approved for a repair', 'never', histories.approved],
    ['withdrawn', 'never', histories.withdrawn],
    ['rejected for good', 'never', [claimFiled(), reviewStarted(), claimRejected({ final: true })]],
    ['rejected, still appealable', 'undecided', histories.rejected],
    ['under review', 'undecided', histories.under_review],
    ['never filed', 'never', []],
  ] as const)('%s: %s', (_case, expected, events) => {
    expect(standing([...events])).toBe(expected);
  });
});

describe('the claim index holds the unit’s one buy-back', () => {
  const spec = deciderSpecification(claimIndexDecider);
  const at = '2026-03-01T10:00:00.000Z';
  const indexed = (id: string): ClaimIndexed => ({
    type: 'ClaimIndexed',
    data: {
      manufacturerId: 'acme',
      serialNumber: 'SN-001',
      claimId: id,
      category: id,
      priorClaimsOnUnit: 0,
      retailerId: 'acme-retail',
      unitFlags: [],
      at,
    },
  });
  const reserved = (id: string, takenOverFrom: string | null = null): BuyBackReserved => ({
    type: 'BuyBackReserved',
    data: { manufacturerId: 'acme', serialNumber: 'SN-001', claimId: id, takenOverFrom, at },
  });
  const reserve = (id: string, takenOverFrom: string | null = null): ReserveBuyBack => ({
    type: 'ReserveBuyBack',
    claimId: id,
    takenOverFrom,
    at,
  });
  const two = [indexed('clm-1'), indexed('clm-2')];

  it('reserves it for the first claim approved for a refund or credit', () => {
    spec
      .given(two)
      .when(reserve('clm-1'))
      .then([reserved('clm-1')]);
    expect(fold(claimIndexDecider, [...two, reserved('clm-1')]).buyBack).toBe('clm-1');
  });

  it('changes nothing when the same approval reserves again (a retry)', () => {
    spec
      .given([...two, reserved('clm-1')])
      .when(reserve('clm-1'))
      .thenNothing();
  });

  it('refuses another claim, naming the holder', () => {
    spec
      .given([...two, reserved('clm-1')])
      .when(reserve('clm-2'))
      .thenThrows<IllegalStateError>(IllegalStateError, (e) => {
        expect(e.code).toBe('unit-already-refunded');
        expect(e.details).toEqual({
          state: 'reserved',
          otherClaimId: 'clm-1',
          serialNumber: 'SN-001',
        });
      });
  });

  it('lets a claim take over only the holder the caller found abandoned', () => {
    spec
      .given([...two, reserved('clm-1')])
      .when(reserve('clm-2', 'clm-1'))
      .then([reserved('clm-2', 'clm-1')]);
    // Of two that found clm-1 abandoned, the second finds clm-2 holding it and is refused.
    spec
      .given([...two, indexed('clm-3'), reserved('clm-1'), reserved('clm-2', 'clm-1')])
      .when(reserve('clm-3', 'clm-1'))
      .thenThrows<IllegalStateError>(IllegalStateError, (e) =>
        expect(e.details).toMatchObject({ otherClaimId: 'clm-2' }),
      );
  });

  it('refuses a claim not indexed on the unit', () => {
    spec
      .given(two)
      .when(reserve('clm-9'))
      .thenThrows<IllegalStateError>(IllegalStateError, (e) =>
        expect(e.code).toBe('claim-not-indexed'),
      );
  });
});
