import { eventSchemas } from '@warranty/eventsourcing';
import type { ClaimEvent } from './events';

/** Every event type the claims context publishes, with its version (all still at v1). */
export const claimEvents = eventSchemas<ClaimEvent>({
  ClaimFiled: { version: 1 },
  ClaimReviewStarted: { version: 1 },
  ClaimInfoRequested: { version: 1 },
  ClaimInfoProvided: { version: 1 },
  ClaimApproved: { version: 1 },
  ClaimRejected: { version: 1 },
  ClaimAppealed: { version: 1 },
  ClaimWithdrawn: { version: 1 },
  ClaimFulfilmentStarted: { version: 1 },
  ClaimResolved: { version: 1 },
  ClaimClosed: { version: 1 },
});
