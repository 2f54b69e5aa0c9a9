/**
 * SPEC 2.2, with `in_fulfilment` entered by ClaimFulfilmentStarted:
 *
 *   submitted -> under_review <-> info_requested
 *   under_review -> approved | rejected
 *   approved -> in_fulfilment -> resolved -> closed
 *   approved -> resolved            (refund or credit only: nothing to ship or repair)
 *   rejected -> appealed -> under_review   (one appeal per claim)
 *   rejected -> closed
 *   submitted | under_review | info_requested | appealed -> withdrawn
 *
 * `closed` and `withdrawn` are terminal.
 */
export const CLAIM_STATUSES = [
  'submitted',
  'under_review',
  'info_requested',
  'approved',
  'rejected',
  'appealed',
  'in_fulfilment',
  'resolved',
  'closed',
  'withdrawn',
] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];
