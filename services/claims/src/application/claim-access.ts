import type { Actor } from '@warranty/eventsourcing';
import { ApiProblem, maySee } from '@warranty/platform';
import type { ClaimState, FiledClaim } from '../domain/claim.state';

/** Who sees the claim index's per-unit flags: they can tell of other retailers' claims. */
export const seesUnitFlags = (actor: Actor): boolean =>
  actor.role === 'manufacturer' || actor.role === 'auditor' || actor.role === 'admin';

/** The shared access rule on the claim's parties; for anyone else the claim does not exist. */
export const canSeeClaim = (actor: Actor, claim: ClaimState): claim is FiledClaim =>
  claim.status !== 'none' && maySee(actor, claim);

export const claimNotFound = (claimId: string) =>
  new ApiProblem(404, 'claim-not-found', 'Not found', `No claim ${claimId}.`);

export const claimNotYetExisting = (claimId: string, asOf?: Date) =>
  new ApiProblem(
    404,
    'not-yet-existing',
    'Not found',
    `Claim ${claimId} was not filed yet at ${asOf?.toISOString()}.`,
  );
