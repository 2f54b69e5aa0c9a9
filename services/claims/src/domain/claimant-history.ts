import { createHash } from 'node:crypto';
import type { Decider, DomainEvent } from '@warranty/eventsourcing';

/**
 * Claims a customer filed with one manufacturer, for the many-claims-by-customer flag.
 * Stream `claimant-{manufacturerId}~{hash of the e-mail}`: the address itself stays in the claim.
 * A set of claim ids: recording commutes and a repeat changes nothing, so concurrent filings
 * append without expected revisions and a retried filing records its claim once.
 */
export type CustomerClaimRecorded = DomainEvent<
  'CustomerClaimRecorded',
  {
    manufacturerId: string;
    claimId: string;
    filedAt: string;
    /** Absent on records written before counts were scoped per retailer. */
    retailerId?: string;
  }
>;
export type RecordCustomerClaim = {
  type: 'RecordCustomerClaim';
  manufacturerId: string;
  claimId: string;
  retailerId: string;
  filedAt: string;
};
export type ClaimantHistory = {
  claims: Array<{ claimId: string; filedAt: string; retailerId: string | null }>;
};

export const claimantStream = (manufacturerId: string, email: string): string =>
  `claimant-${manufacturerId}~${createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32)}`;

export const claimantHistoryDecider: Decider<
  RecordCustomerClaim,
  CustomerClaimRecorded,
  ClaimantHistory
> = {
  initialState: { claims: [] },
  decide: (command, state) =>
    state.claims.some((c) => c.claimId === command.claimId)
      ? []
      : [
          {
            type: 'CustomerClaimRecorded',
            data: {
              manufacturerId: command.manufacturerId,
              claimId: command.claimId,
              filedAt: command.filedAt,
              retailerId: command.retailerId,
            },
          },
        ],
  evolve: (state, event) =>
    state.claims.some((c) => c.claimId === event.data.claimId)
      ? state
      : {
          claims: [
            ...state.claims,
            {
              claimId: event.data.claimId,
              filedAt: event.data.filedAt,
              retailerId: event.data.retailerId ?? null,
            },
          ],
        },
};

const YEAR_MS = 365 * 86_400_000;

/**
 * Claims the retailer recorded for the customer in the 365 days before `at`, before `claimId`
 * (all of them when it is not recorded). Other retailers' claims are not the caller's to see.
 */
export function claimsInYearBefore(
  history: ClaimantHistory,
  at: string,
  claimId: string,
  retailerId: string,
): number {
  const own = history.claims.findIndex((c) => c.claimId === claimId);
  return (own < 0 ? history.claims : history.claims.slice(0, own)).filter(
    (c) => c.retailerId === retailerId && Date.parse(at) - Date.parse(c.filedAt) < YEAR_MS,
  ).length;
}
