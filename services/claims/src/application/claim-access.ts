import type { Actor } from '@warranty/eventsourcing';
import { ApiProblem } from '@warranty/platform';
import type { ClaimState, FiledClaim } from '../domain/claim.state';

/** The parties see their claims, auditors and admins all; for anyone else the claim does not exist. */
export function canSeeClaim(actor: Actor, claim: ClaimState): claim is FiledClaim {
  if (claim.status === 'none') return false;
  switch (actor.role) {
    case 'retailer':
      return claim.retailerId === actor.tenantId;
    case 'manufacturer':
      return claim.manufacturerId === actor.tenantId;
    case 'auditor':
    case 'admin':
      return true;
    default:
      return false;
  }
}

export const claimNotFound = (claimId: string) =>
  new ApiProblem(404, 'claim-not-found', 'Not found', `No claim ${claimId}.`);
