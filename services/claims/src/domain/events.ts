import type { DomainEvent } from '@warranty/eventsourcing';
import type { ClaimEvent, ReviewFlag } from '@warranty/contracts/claims';

// Claim events are published in libs/contracts; the claim index events below stay private.
export * from '@warranty/contracts/claims';

/** After these events the claim no longer holds its unit's defect category in the claim index. */
export function releasesClaimIndex(event: ClaimEvent): boolean {
  return (
    event.type === 'ClaimClosed' ||
    event.type === 'ClaimWithdrawn' ||
    (event.type === 'ClaimRejected' && event.data.final)
  );
}

/** Events by per-unit claim index stream `claimindex-{manufacturerId}~{serial}`. */
export type ClaimIndexed = DomainEvent<
  'ClaimIndexed',
  {
    manufacturerId: string;
    serialNumber: string;
    claimId: string;
    /** Normalized defect category. */
    category: string;
    /** Claims this retailer had indexed on the unit before this one (any state). */
    priorClaimsOnUnit: number;
    /** The filing retailer; absent on entries written before the index was scoped per retailer. */
    retailerId?: string;
    /**
     * Flags over every retailer's claims on the unit, for the manufacturer only (they can reveal
     * another retailer's claims, so they stay out of the claim's own stream); absent on old entries.
     */
    unitFlags?: ReviewFlag[];
    at: string;
  }
>;

export type ClaimReleased = DomainEvent<
  'ClaimReleased',
  { manufacturerId: string; serialNumber: string; claimId: string; category: string; at: string }
>;

/**
 * A claim on the unit is being approved for a refund or credit: the unit's one buy-back is its.
 * `takenOverFrom` names the claim that held it before and never got approved for one.
 */
export type BuyBackReserved = DomainEvent<
  'BuyBackReserved',
  {
    manufacturerId: string;
    serialNumber: string;
    claimId: string;
    takenOverFrom: string | null;
    at: string;
  }
>;

export type ClaimIndexEvent = ClaimIndexed | ClaimReleased | BuyBackReserved;
