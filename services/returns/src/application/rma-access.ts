import type { Actor } from '@warranty/eventsourcing';
import { ApiProblem, maySee } from '@warranty/platform';
import type { AuthorizedRma, RmaState } from '../domain/rma.state';

/** The shared access rule on the RMA's parties; for anyone else the RMA does not exist. */
export const canSeeRma = (actor: Actor, rma: RmaState): rma is AuthorizedRma =>
  rma.status !== 'none' && maySee(actor, rma);

export const rmaNotFound = (rmaId: string) =>
  new ApiProblem(404, 'rma-not-found', 'Not found', `No RMA ${rmaId}.`);

export const rmaNotYetExisting = (rmaId: string, asOf?: Date) =>
  new ApiProblem(
    404,
    'not-yet-existing',
    'Not found',
    `RMA ${rmaId} was not authorized yet at ${asOf?.toISOString()}.`,
  );
