import { claimEvents } from '@warranty/contracts/claims';
import { repairEvents } from '@warranty/contracts/repairs';
import { rmaEvents } from '@warranty/contracts/returns';
import type { SlaSubjectKind } from '@warranty/contracts/sla';

/** The event types each subject's own stream holds: the only events its SLAs see. */
export const SUBJECT_EVENTS: Record<SlaSubjectKind, readonly string[]> = {
  claim: claimEvents.types,
  rma: rmaEvents.types,
  // A service center's rates live in streams of their own, not in a repair order's.
  repair: repairEvents.types.filter((type) => type !== 'RepairRatesSet'),
};

/**
 * The events that name the subject's manufacturer (and retailer): the tracker needs the
 * manufacturer to find the policy, so only these can start an SLA.
 */
export const STARTING_EVENTS: Record<SlaSubjectKind, readonly string[]> = {
  claim: ['ClaimFiled'],
  rma: ['RmaAuthorized', 'ExchangeShipped'],
  repair: ['RepairOrderOpened'],
};

const ARTICLE: Record<SlaSubjectKind, string> = {
  claim: 'a claim',
  rma: 'an RMA',
  repair: 'a repair order',
};

export const subjectInWords = (kind: SlaSubjectKind) => ARTICLE[kind];
