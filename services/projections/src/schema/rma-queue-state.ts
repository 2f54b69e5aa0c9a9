import { RMA_STATUSES, type RmaStatus } from '@warranty/contracts/returns';

const AFTER_INSPECTION = RMA_STATUSES.indexOf('inspected') + 1;

/**
 * The RMA desk's states: returns' own, plus `exchange_pending` for an RMA whose lines still to be
 * dealt with were switched from repair to an exchange (an unrepairable unit) and now wait for the
 * manufacturer to ship the replacement. Returns itself still says `inspected`.
 */
export const RMA_QUEUE_STATES = [
  ...RMA_STATUSES.slice(0, AFTER_INSPECTION),
  'exchange_pending',
  ...RMA_STATUSES.slice(AFTER_INSPECTION),
] as const satisfies ReadonlyArray<RmaStatus | 'exchange_pending'>;
export type RmaQueueState = RmaStatus | 'exchange_pending';
