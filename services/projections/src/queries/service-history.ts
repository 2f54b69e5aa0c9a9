import {
  type ClaimStatusView,
  RMA_QUEUE_STATES,
  type RepairQueueRow,
  type RmaQueueRow,
  type RmaQueueState,
} from '../schema';
import {
  type CaseMilestone,
  milestones,
  OUTCOME_WORDS,
  REJECTION_WORDS,
  RESOLUTION_WORDS,
  words,
} from './case-view';
import { repairStepWords } from './repair-case';

export type ServiceHistorySource = 'claim' | 'rma' | 'repair';

/** One thing that happened to the unit, in plain words. */
export interface ServiceHistoryEntry {
  /** ISO 8601 instant. */
  at: string;
  source: ServiceHistorySource;
  /** The claim, RMA or repair order id. */
  id: string;
  /** The state reached or milestone passed. */
  step: string;
  /** `2026-11-20 Claim filed: electrical, No power (acme-retail)` */
  text: string;
}

const day = (instant: string) => instant.slice(0, 10);

function claimWords(row: ClaimStatusView, name: CaseMilestone['name'], label: string): string {
  switch (name) {
    case 'filed':
      return `Claim filed: ${row.defectCategory}, ${row.defectDescription} (${row.retailerId})`;
    case 'approved':
      return `Claim approved for ${words(RESOLUTION_WORDS, row.approvedResolution, 'a remedy')}`;
    case 'rejected':
      return `Claim rejected: ${words(REJECTION_WORDS, row.rejectionReason, 'no reason was recorded')}`;
    case 'resolved':
      return `Claim resolved: ${words(OUTCOME_WORDS, row.outcome, 'the remedy was delivered')}`;
    default:
      return `Claim ${label.charAt(0).toLowerCase()}${label.slice(1)}`;
  }
}

export const RMA_STEP_WORDS: Record<RmaQueueState, string> = {
  authorized: 'authorized',
  in_transit: 'shipped to the manufacturer',
  received: 'received by the manufacturer',
  inspected: 'inspected',
  exchange_pending: 'switched to an exchange: the unit could not be repaired',
  exchanged: 'replacement shipped',
  refunded: 'refunded',
  credited: 'credited',
  sent_to_repair: 'sent to repair',
  returned_to_customer: 'returned to the customer',
  scrapped: 'scrapped',
  mixed: 'every unit dealt with',
  closed: 'closed',
  expired: 'expired: nothing arrived in time',
  cancelled: 'cancelled',
};

function claimEntries(row: ClaimStatusView): ServiceHistoryEntry[] {
  return milestones(row).map((m) => ({
    at: m.at,
    source: 'claim',
    id: row.claimId,
    step: m.name,
    text: `${day(m.at)} ${claimWords(row, m.name, m.label)}`,
  }));
}

function rmaEntries(row: RmaQueueRow): ServiceHistoryEntry[] {
  return RMA_QUEUE_STATES.filter((state) => row.steps[state] !== undefined).map((state) => {
    const at = row.steps[state]!;
    return {
      at,
      source: 'rma',
      id: row.rmaId,
      step: state,
      text: `${day(at)} ${row.rmaNumber} ${RMA_STEP_WORDS[state]}`,
    };
  });
}

function repairEntries(row: RepairQueueRow): ServiceHistoryEntry[] {
  return repairStepWords(row).map(({ state, at, label }) => ({
    at,
    source: 'repair',
    id: row.repairOrderId,
    step: state,
    text: `${day(at)} ${label}`,
  }));
}

const SOURCE_ORDER: Record<ServiceHistorySource, number> = { claim: 0, rma: 1, repair: 2 };

/** Pure: every claim, RMA and repair step on one unit, oldest first (claim before RMA before repair on ties). */
export function describeServiceHistory(
  claims: readonly ClaimStatusView[],
  rmas: readonly RmaQueueRow[],
  repairs: readonly RepairQueueRow[],
): ServiceHistoryEntry[] {
  const entries = [
    ...claims.flatMap(claimEntries),
    ...rmas.flatMap(rmaEntries),
    ...repairs.flatMap(repairEntries),
  ];
  // Array.prototype.sort is stable: each record's own steps keep their lifecycle order on ties.
  return entries.sort(
    (a, b) =>
      Date.parse(a.at) - Date.parse(b.at) || SOURCE_ORDER[a.source] - SOURCE_ORDER[b.source],
  );
}
