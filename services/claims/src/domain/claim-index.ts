import { normalizeSerialNumber, productIdFor } from '@warranty/coverage';
import { type Decider, IllegalStateError } from '@warranty/eventsourcing';
import type { ClaimIndexEvent } from './events';
import { type ReviewFlag, type ReviewThresholds, unitReviewFlags } from './review-flags';
import { ensure, requireInstant, requireText } from './rule';

/**
 * The per-unit claim index guards "one open claim per unit, retailer and defect category"
 * (SPEC 2.2) against concurrent filings. Its stream is `claimindex-{manufacturerId}~{serial}`.
 * It is scoped per retailer so that one retailer's filing never learns of another's claims
 * (SPEC 1): a unit another retailer sold behaves, for the caller, like one with no claims. What
 * the manufacturer must still see (another retailer's open claim for the same defect, every
 * retailer's claims counted) is recorded here as `unitFlags`, never on the claim itself.
 *
 * Filing, as the application layer does it:
 *  1. load the index stream (state + revision), decide OpenClaimForCategory;
 *  2. append ClaimIndexed with that expected revision ("no stream" for the first claim): of two
 *     simultaneous filings only one append succeeds; the loser reloads and gets
 *     `open-claim-exists` (409 naming the open claim);
 *  3. append ClaimFiled to `claim-{claimId}` with "no stream", passing
 *     `history.priorClaimsOnUnit` = priorClaimsFor(state, claimId).
 * When the claim later emits an event for which `releasesClaimIndex` is true (ClaimClosed,
 * ClaimWithdrawn, a final ClaimRejected), the application sends ReleaseClaim.
 *
 * The index also holds the unit's one buy-back: approving a claim for a refund or credit first
 * reserves it here (ReserveBuyBack, expected revision), so of two simultaneous approvals on one
 * unit only one passes.
 */

export const claimIndexStream = (manufacturerId: string, normalizedSerial: string): string =>
  `claimindex-${productIdFor(manufacturerId, normalizedSerial)}`;

/** Defect categories compare trimmed, case-insensitively, with runs of blanks as one space. */
export function normalizeDefectCategory(raw: string): string | null {
  if (typeof raw !== 'string') return null;
  const category = raw.trim().replace(/\s+/g, ' ').toLowerCase();
  return category.length >= 1 && category.length <= 64 ? category : null;
}

export interface OpenClaimForCategory {
  type: 'OpenClaimForCategory';
  manufacturerId: string;
  /** As entered; normalized here. */
  serialNumber: string;
  claimId: string;
  retailerId: string;
  /** The defect category as entered; normalized here. */
  category: string;
  /** The manufacturer's thresholds; defaults for what is missing. */
  reviewThresholds?: Partial<ReviewThresholds>;
  at: string;
}

export interface ReleaseClaim {
  type: 'ReleaseClaim';
  claimId: string;
  at: string;
}

/** Before ClaimApproved for a refund or credit: the unit's one buy-back goes to this claim. */
export interface ReserveBuyBack {
  type: 'ReserveBuyBack';
  claimId: string;
  /** The holder the caller found abandoned (its claim never got approved for one); else null. */
  takenOverFrom: string | null;
  at: string;
}

export type ClaimIndexCommand = OpenClaimForCategory | ReleaseClaim | ReserveBuyBack;

export interface OpenClaim {
  claimId: string;
  category: string;
  /** Null on entries from before the index was scoped per retailer: those block every retailer. */
  retailerId: string | null;
}

export interface IndexedClaim {
  claimId: string;
  retailerId: string | null;
  /** The manufacturer-only flags recorded when it was indexed. */
  unitFlags: ReviewFlag[];
}

export interface ClaimIndexState {
  /** Null until the first claim is indexed. */
  manufacturerId: string | null;
  serialNumber: string | null;
  /** At most one open claim per retailer and category. */
  open: OpenClaim[];
  /** Every claim ever indexed on the unit, open or released, in filing order. */
  claims: IndexedClaim[];
  /** Claims ever filed on the unit (what the `many_claims_on_unit` flag counts). */
  totalClaims: number;
  /** The claim that holds the unit's one buy-back (refund or credit), if any. */
  buyBack: string | null;
}

export const emptyClaimIndex: ClaimIndexState = {
  manufacturerId: null,
  serialNumber: null,
  open: [],
  claims: [],
  totalClaims: 0,
  buyBack: null,
};

export const openClaimFor = (
  state: ClaimIndexState,
  category: string,
  retailerId: string,
): OpenClaim | undefined =>
  state.open.find(
    (c) => c.category === category && (c.retailerId === null || c.retailerId === retailerId),
  );

/** Claims the retailer indexed on the unit before `claimId` (all of them when it is not indexed). */
export function priorClaimsFor(
  state: ClaimIndexState,
  claimId: string,
  retailerId: string,
): number {
  const at = state.claims.findIndex((c) => c.claimId === claimId);
  return (at < 0 ? state.claims : state.claims.slice(0, at)).filter(
    (c) => c.retailerId === retailerId,
  ).length;
}

/** The manufacturer-only flags of an indexed claim; none when it is not indexed. */
export const unitFlagsFor = (state: ClaimIndexState, claimId: string): ReviewFlag[] =>
  state.claims.find((c) => c.claimId === claimId)?.unitFlags ?? [];

function openClaim(command: OpenClaimForCategory, state: ClaimIndexState): ClaimIndexEvent[] {
  const manufacturerId = requireText(command.manufacturerId, 'manufacturerId');
  const serialNumber = normalizeSerialNumber(command.serialNumber);
  ensure(
    serialNumber !== null,
    'invalid-serial-number',
    'serialNumber',
    'A serial number is 1-64 letters, digits, dots, dashes or underscores',
  );
  ensure(
    state.manufacturerId === null ||
      (state.manufacturerId === manufacturerId && state.serialNumber === serialNumber),
    'index-mismatch',
    'serialNumber',
    `This index belongs to ${state.manufacturerId}~${state.serialNumber}`,
  );
  const claimId = requireText(command.claimId, 'claimId');
  const retailerId = requireText(command.retailerId, 'retailerId');
  const category = normalizeDefectCategory(command.category);
  ensure(
    category !== null,
    'invalid-defect-category',
    'category',
    'A defect category is 1-64 characters',
  );
  requireInstant(command.at, 'at');
  const open = openClaimFor(state, category, retailerId);
  // A retry of the same filing (e.g. after a crash before ClaimFiled) changes nothing.
  if (open?.claimId === claimId) return [];
  if (open)
    throw new IllegalStateError(
      `${serialNumber} already has open claim ${open.claimId} for defect category '${category}'`,
      'open',
      'open-claim-exists',
      { openClaimId: open.claimId, category, openClaimRetailerId: open.retailerId },
    );
  if (state.claims.some((c) => c.claimId === claimId)) {
    const elsewhere = state.open.find((c) => c.claimId === claimId);
    throw new IllegalStateError(
      elsewhere
        ? `Claim ${claimId} is already open on ${serialNumber} for '${elsewhere.category}'`
        : `Claim ${claimId} was already indexed on ${serialNumber} and released`,
      elsewhere ? 'open' : 'released',
      'claim-already-indexed',
      { claimId },
    );
  }
  return [
    {
      type: 'ClaimIndexed',
      data: {
        manufacturerId,
        serialNumber,
        claimId,
        category,
        priorClaimsOnUnit: priorClaimsFor(state, claimId, retailerId),
        retailerId,
        unitFlags: unitReviewFlags(
          {
            priorClaimsOnUnit: state.claims.length,
            // The same retailer's would have been refused above; this one is another retailer's.
            openClaimOnUnit: state.open.some((c) => c.category === category),
          },
          command.reviewThresholds,
        ),
        at: command.at,
      },
    },
  ];
}

function release(command: ReleaseClaim, state: ClaimIndexState): ClaimIndexEvent[] {
  requireInstant(command.at, 'at');
  const open = state.open.find((c) => c.claimId === command.claimId);
  // Releasing twice (e.g. on a final rejection, then on closing) or an unknown claim is a no-op.
  if (!open || state.manufacturerId === null || state.serialNumber === null) return [];
  return [
    {
      type: 'ClaimReleased',
      data: {
        manufacturerId: state.manufacturerId,
        serialNumber: state.serialNumber,
        claimId: open.claimId,
        category: open.category,
        at: command.at,
      },
    },
  ];
}

function reserveBuyBack(command: ReserveBuyBack, state: ClaimIndexState): ClaimIndexEvent[] {
  requireInstant(command.at, 'at');
  // A retry of the same approval (e.g. after a crash before ClaimApproved) changes nothing.
  if (state.buyBack === command.claimId) return [];
  const { manufacturerId, serialNumber } = state;
  if (
    manufacturerId === null ||
    serialNumber === null ||
    !state.claims.some((c) => c.claimId === command.claimId)
  )
    throw new IllegalStateError(
      `Claim ${command.claimId} is not indexed on this unit`,
      'unindexed',
      'claim-not-indexed',
      { claimId: command.claimId },
    );
  // Only the holder the caller found abandoned is taken over; any other holder still refuses.
  if (state.buyBack !== null && state.buyBack !== command.takenOverFrom)
    throw new IllegalStateError(
      `Unit ${serialNumber} is already refunded or credited on claim ${state.buyBack}, and a unit is bought back once`,
      'reserved',
      'unit-already-refunded',
      { otherClaimId: state.buyBack, serialNumber },
    );
  return [
    {
      type: 'BuyBackReserved',
      data: {
        manufacturerId,
        serialNumber,
        claimId: command.claimId,
        takenOverFrom: state.buyBack,
        at: command.at,
      },
    },
  ];
}

export const claimIndexDecider: Decider<ClaimIndexCommand, ClaimIndexEvent, ClaimIndexState> = {
  initialState: emptyClaimIndex,
  decide(command, state) {
    switch (command.type) {
      case 'OpenClaimForCategory':
        return openClaim(command, state);
      case 'ReleaseClaim':
        return release(command, state);
      case 'ReserveBuyBack':
        return reserveBuyBack(command, state);
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'ClaimIndexed': {
        const { manufacturerId, serialNumber, claimId, category } = event.data;
        const retailerId = event.data.retailerId ?? null;
        const unitFlags = event.data.unitFlags ?? [];
        return {
          ...state,
          manufacturerId,
          serialNumber,
          open: [...state.open, { claimId, category, retailerId }],
          claims: [...state.claims, { claimId, retailerId, unitFlags }],
          totalClaims: state.totalClaims + 1,
        };
      }
      case 'ClaimReleased':
        return { ...state, open: state.open.filter((c) => c.claimId !== event.data.claimId) };
      case 'BuyBackReserved':
        return { ...state, buyBack: event.data.claimId };
    }
  },
};
