import type { ClaimEvent } from '@warranty/contracts/claims';
import type { RepairOrderEvent } from '@warranty/contracts/repairs';
import type { RmaEvent } from '@warranty/contracts/returns';
import {
  moneyInWords,
  OUTCOME_WORDS,
  REJECTION_WORDS,
  RESOLUTION_WORDS,
  words,
} from '../queries/case-view';
import { RMA_STEP_WORDS } from '../queries/service-history';

export type CaseTimelineEvent = ClaimEvent | RmaEvent | RepairOrderEvent;

/** What the timeline knows about the event's stream: the RMA number, or the repair order id. */
export interface TimelineSubject {
  label: string;
}

const spaced = (code: string) => code.replaceAll('_', ' ');

/** `ReturnShipped` -> `Return shipped`, for a type this wording does not know yet. */
export const typeInWords = (type: string): string =>
  type.replace(/(?<=[a-z])([A-Z])/g, ' $1').replace(/(?<= )[A-Z]/g, (c) => c.toLowerCase());

function claimWords(event: ClaimEvent): string {
  switch (event.type) {
    case 'ClaimFiled':
      return `Claim filed: ${event.data.defect.category}, ${event.data.defect.description} (${event.data.retailerId})`;
    case 'ClaimReviewStarted':
      return 'Review started';
    case 'ClaimInfoRequested':
      return `More information requested: ${event.data.question}`;
    case 'ClaimInfoProvided':
      return 'Information provided';
    case 'ClaimApproved': {
      const { resolution, approvedAmount, goodwill } = event.data;
      const amount = approvedAmount
        ? ` of ${moneyInWords(approvedAmount.amount, approvedAmount.currency)}`
        : '';
      return `Claim approved for ${words(RESOLUTION_WORDS, resolution, 'a remedy')}${amount}${goodwill ? ', as a goodwill gesture' : ''}`;
    }
    case 'ClaimRejected':
      return `Claim rejected: ${words(REJECTION_WORDS, event.data.reasonCode, 'no reason was recorded')}`;
    case 'ClaimAppealed':
      return 'Claim appealed';
    case 'ClaimWithdrawn':
      return 'Claim withdrawn';
    case 'ClaimFulfilmentStarted':
      return `Fulfilment started: ${words(RESOLUTION_WORDS, event.data.resolution, 'the remedy')} under the RMA`;
    case 'ClaimResolved':
      return `Claim resolved: ${words(OUTCOME_WORDS, event.data.outcome, 'the remedy was delivered')}`;
    case 'ClaimClosed':
      return 'Claim closed';
  }
}

function rmaWords(event: RmaEvent, rmaNumber: string): string {
  switch (event.type) {
    case 'RmaAuthorized':
      return `${event.data.rmaNumber} ${RMA_STEP_WORDS.authorized}`;
    case 'ReturnShipped':
      return `${rmaNumber} ${RMA_STEP_WORDS.in_transit} with ${event.data.carrier} (tracking ${event.data.trackingNumber})`;
    case 'ReturnReceived':
      return `${rmaNumber} ${RMA_STEP_WORDS.received}`;
    case 'ReturnInspected':
      return `${rmaNumber} ${RMA_STEP_WORDS.inspected}: ${spaced(event.data.disposition)}`;
    case 'ExchangeShipped':
      return `${rmaNumber} ${RMA_STEP_WORDS.exchanged} (serial ${event.data.replacementSerialNumber})`;
    case 'RefundIssued':
      return `${rmaNumber} ${RMA_STEP_WORDS.refunded}: ${moneyInWords(event.data.amount.amount, event.data.amount.currency)}`;
    case 'CreditIssued':
      return `${rmaNumber} ${RMA_STEP_WORDS.credited}: ${moneyInWords(event.data.amount.amount, event.data.amount.currency)}`;
    case 'LineDispositionApplied':
      return `${rmaNumber}: ${spaced(event.data.disposition)}`;
    case 'LineSwitchedToExchange':
      return `${rmaNumber}: switched to an exchange (${event.data.reason})`;
    case 'AdvanceExchangeDepositCharged':
      return `${rmaNumber}: deposit of ${moneyInWords(event.data.amount.amount, event.data.amount.currency)} charged`;
    case 'RmaExpired':
      return `${rmaNumber} ${RMA_STEP_WORDS.expired}`;
    case 'RmaCancelled':
      return `${rmaNumber} ${RMA_STEP_WORDS.cancelled}`;
    case 'RmaClosed':
      return `${rmaNumber} ${RMA_STEP_WORDS.closed}`;
  }
}

function repairWords(event: RepairOrderEvent, repairOrderId: string): string {
  switch (event.type) {
    case 'RepairOrderOpened':
      return `Repair ${event.data.repairOrderId} opened at ${event.data.serviceCenterId}: ${event.data.reportedDefect}`;
    case 'TechnicianAssigned':
      return `Technician ${event.data.technician} assigned`;
    case 'DiagnosisRecorded':
      return `Diagnosed: ${event.data.findings} (fault ${event.data.faultCode})`;
    case 'EstimateApproved':
      return 'Estimate approved';
    case 'EstimateDeclined':
      return `Estimate declined: ${event.data.reason}`;
    case 'PartsOrdered':
      return 'Parts ordered';
    case 'PartsReceived':
      return event.data.allReceived ? 'All parts received' : 'Some parts received';
    case 'RepairWorkLogged':
      return `Work logged: ${event.data.laborMinutes} minutes`;
    case 'RepairCompleted':
      return 'Repair completed, in quality check';
    case 'QualityCheckPassed':
      return 'Quality check passed';
    case 'QualityCheckFailed':
      return `Quality check failed: ${event.data.reason}`;
    case 'UnitShippedBack':
      return `Shipped back with ${event.data.carrier} (tracking ${event.data.trackingNumber})`;
    case 'RepairOrderClosed':
      return `Repair ${repairOrderId} closed: ${spaced(event.data.outcome)}`;
    case 'UnrepairableDeclared':
      return `Found unrepairable: ${event.data.reason}; a replacement was requested`;
    case 'RepairOrderReassigned':
      return `Reassigned from ${event.data.fromServiceCenterId} to ${event.data.toServiceCenterId}`;
  }
}

/** Pure: one line of plain words for an event of a claim, an RMA or a repair order. */
export function timelineWords(
  source: 'claim' | 'rma' | 'repair',
  event: CaseTimelineEvent,
  subject: TimelineSubject,
): string {
  const said =
    source === 'claim'
      ? claimWords(event as ClaimEvent)
      : source === 'rma'
        ? rmaWords(event as RmaEvent, subject.label)
        : repairWords(event as RepairOrderEvent, subject.label);
  // A type added after this wording was written still gets a line.
  return said ?? typeInWords(event.type);
}
