import { fold } from '@warranty/eventsourcing';
import { deciderSpecification } from '@warranty/testing';
import {
  claimantHistoryDecider,
  claimsInYearBefore,
  type CustomerClaimRecorded,
} from '../../src/domain/claimant-history';

const recorded = (
  claimId: string,
  filedAt: string,
  retailerId: string | null = 'acme-retail',
): CustomerClaimRecorded => ({
  type: 'CustomerClaimRecorded',
  data: { manufacturerId: 'acme', claimId, filedAt, ...(retailerId ? { retailerId } : {}) },
});

describe('the claimant history', () => {
  const spec = deciderSpecification(claimantHistoryDecider);
  const record = {
    type: 'RecordCustomerClaim' as const,
    manufacturerId: 'acme',
    claimId: 'c2',
    retailerId: 'acme-retail',
    filedAt: '2026-06-01T10:00:00.000Z',
  };

  it('records a claim once, however often the filing is retried', () => {
    spec
      .given([])
      .when(record)
      .then([recorded('c2', record.filedAt)]);
    spec
      .given([recorded('c2', record.filedAt)])
      .when(record)
      .thenNothing();
  });

  it('counts a claim once even when concurrent appends recorded it twice', () => {
    const history = fold(claimantHistoryDecider, [
      recorded('c1', '2026-05-01T10:00:00.000Z'),
      recorded('c1', '2026-05-01T10:00:00.000Z'),
    ]);
    expect(history.claims).toHaveLength(1);
  });

  it("counts the retailer's claims of the year before this one, not later ones or other retailers'", () => {
    const history = fold(claimantHistoryDecider, [
      recorded('old', '2025-05-01T10:00:00.000Z'),
      recorded('c1', '2026-05-01T10:00:00.000Z'),
      recorded('other', '2026-05-02T10:00:00.000Z', 'bright-electronics'),
      recorded('legacy', '2026-05-03T10:00:00.000Z', null),
      recorded('c2', '2026-06-01T10:00:00.000Z'),
      recorded('c3', '2026-06-02T10:00:00.000Z'),
    ]);
    const at = '2026-06-01T10:00:00.000Z';
    expect(claimsInYearBefore(history, at, 'c2', 'acme-retail')).toBe(1);
    expect(claimsInYearBefore(history, at, 'new', 'acme-retail')).toBe(3);
    expect(claimsInYearBefore(history, at, 'new', 'bright-electronics')).toBe(1);
  });
});
