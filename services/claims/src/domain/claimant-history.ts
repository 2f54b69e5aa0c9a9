import { createHash } from 'node:crypto';
import type { Decider, DomainEvent } from '@warranty/eventsourcing';

/**
 * Claims a customer filed with one manufacturer, for the many-claims-by-customer flag.
 * Stream `claimant-{manufacturerId}~{hash of the e-mail}`: the address itself stays in the claim.
 */
export type CustomerClaimRecorded = DomainEvent<
  'CustomerClaimRecorded',
  { manufacturerId: string; claimId: string; filedAt: string }
>;
export type RecordCustomerClaim = {
  type: 'RecordCustomerClaim';
  manufacturerId: string;
  claimId: string;
  filedAt: string;
};
export type ClaimantHistory = { claims: Array<{ claimId: string; filedAt: string }> };

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
            },
          },
        ],
  evolve: (state, event) => ({
    claims: [...state.claims, { claimId: event.data.claimId, filedAt: event.data.filedAt }],
  }),
};

const YEAR_MS = 365 * 86_400_000;

/** Claims filed in the 365 days before `at`. */
export const claimsInYearBefore = (history: ClaimantHistory, at: string): number =>
  history.claims.filter((c) => Date.parse(at) - Date.parse(c.filedAt) < YEAR_MS).length;
