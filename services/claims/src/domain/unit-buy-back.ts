import { endedBecause } from '@warranty/contracts/registration';
import { productIdFor } from '@warranty/coverage';
import { IllegalStateError } from '@warranty/eventsourcing';
import type { ClaimState, FiledClaim } from './claim.state';
import type { ClaimOutcome, Resolution } from './events';

/**
 * A refund or a credit buys the unit back: money paid out on one unit never exceeds its price, so
 * a unit is bought back once, by one claim or one RMA line.
 */
export const isBuyBack = (resolution: Resolution): boolean =>
  resolution === 'refund' || resolution === 'credit';

/** Outcomes that pay the approved amount; any other end of a claim approved for one paid nothing. */
const PAID: readonly ClaimOutcome[] = ['refunded', 'credited'];

/** What the caller read of the unit before approving a refund or credit on a claim of it. */
export interface UnitBuyBack {
  /** Another claim on the unit approved (or being approved) for a refund or credit; else null. */
  otherClaimId: string | null;
  /** Why the unit's registration was cancelled; null while it stands or when it has none. */
  registrationCancelled: string | null;
}

export const nothingBoughtBack: UnitBuyBack = { otherClaimId: null, registrationCancelled: null };

/**
 * Where a claim stands towards its unit's one buy-back: `buys` once approved for a refund or credit
 * (unless it ended without paying), `never` once it can no longer be approved for one, else
 * `undecided`.
 */
export function buyBackStanding(claim: ClaimState): 'buys' | 'never' | 'undecided' {
  if (claim.status === 'none') return 'never';
  const { approval, resolution } = claim;
  if (approval)
    return isBuyBack(approval.resolution) && (!resolution || PAID.includes(resolution.outcome))
      ? 'buys'
      : 'never';
  if (claim.status === 'withdrawn' || claim.status === 'closed') return 'never';
  return claim.status === 'rejected' && claim.rejection?.final ? 'never' : 'undecided';
}

/** Refuses a second refund or credit on the unit: another claim's, or a cancelled registration. */
export function ensureNotBoughtBack(claim: FiledClaim, unit: UnitBuyBack): void {
  const { claimId, serialNumber } = claim;
  if (unit.otherClaimId !== null)
    throw new IllegalStateError(
      `Cannot refund or credit claim ${claimId}: unit ${serialNumber} is already refunded or credited on claim ${unit.otherClaimId}, and a unit is bought back once`,
      claim.status,
      'unit-already-refunded',
      { otherClaimId: unit.otherClaimId, serialNumber },
    );
  const reason = unit.registrationCancelled;
  if (reason !== null)
    throw new IllegalStateError(
      `Cannot refund or credit claim ${claimId}: ${serialNumber}'s registration was cancelled: ${endedBecause(reason)}`,
      claim.status,
      'registration-cancelled',
      { serialNumber, productId: productIdFor(claim.manufacturerId, serialNumber), reason },
    );
}
