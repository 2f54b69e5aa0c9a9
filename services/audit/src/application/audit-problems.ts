import { ApiProblem } from '@warranty/platform';

export const streamNotFound = (streamId: string) =>
  new ApiProblem(404, 'not-found', 'Not found', `No stream ${streamId}.`);

export const streamNotYetExisting = (streamId: string, asOf: Date) =>
  new ApiProblem(
    404,
    'not-yet-existing',
    'Not found',
    `Stream ${streamId} had no event yet at ${asOf.toISOString()}.`,
  );

export const caseNotFound = (claimId: string) =>
  new ApiProblem(404, 'claim-not-found', 'Not found', `No claim ${claimId}.`);
