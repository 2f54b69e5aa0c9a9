import type { NotCoveredReason } from '@warranty/coverage';
import type { ClaimOutcome, RejectionReason, Resolution } from '@warranty/contracts/claims';
import type { ClaimStatusView, RepairQueueRow, RmaQueueRow } from '../schema';
import type { CaseSla } from './case-sla';
import { type CaseRepair, describeRepair } from './repair-case';
import { type CaseRma, describeRma } from './rma-case';

/** Who has to act next on a case. */
export type CaseParty = 'retailer' | 'manufacturer' | 'customer' | 'nobody';

export interface CaseHolder {
  party: CaseParty;
  /** The tenant id of that party when it is a tenant of the platform; null otherwise. */
  tenantId: string | null;
}

export interface CaseMilestone {
  name:
    | 'filed'
    | 'review_started'
    | 'info_requested'
    | 'info_provided'
    | 'approved'
    | 'rejected'
    | 'appealed'
    | 'withdrawn'
    | 'fulfilment_started'
    | 'resolved'
    | 'closed';
  label: string;
  /** ISO 8601 instant. */
  at: string;
}

/** One link of the chain claim -> RMA -> repair order -> outcome, in plain words with its time. */
export interface CaseChainStep {
  step: 'claim' | 'rma' | 'repair' | 'outcome';
  /** `RMA-2026-000001 authorized (2026-11-20 10:02 UTC)` */
  text: string;
  /** ISO 8601 instant. */
  at: string;
}

/** What a customer-service screen shows for one claim. */
export interface CaseView {
  claimId: string;
  state: string;
  stateInWords: string;
  nextStep: string;
  heldBy: CaseHolder;
  retailerId: string;
  manufacturerId: string;
  serialNumber: string;
  productId: string | null;
  model: string | null;
  productCategory: string | null;
  defect: { category: string; description: string };
  requestedResolution: string;
  decision: {
    outcome: 'approved' | 'rejected';
    at: string | null;
    by: string | null;
    resolution: Resolution | null;
    approvedAmount: { amount: number; currency: string } | null;
    goodwill: boolean;
    rejectionReason: RejectionReason | null;
    /** A rejection that can no longer be appealed. */
    final: boolean;
  } | null;
  coverage: {
    covered: boolean;
    planCode: string | null;
    endDate: string | null;
    reason: NotCoveredReason | null;
    source: 'registration' | 'proof_of_purchase';
    summary: string;
  };
  flags: string[];
  /** The open information request, while the claim waits for it. */
  infoRequest: { question: string | null; dueBy: string | null } | null;
  outcome: ClaimOutcome | null;
  /** In the order they happened. */
  milestones: CaseMilestone[];
  rmaId: string | null;
  repairOrderId: string | null;
  /** The RMA linked to the claim (by RmaAuthorized's claim id): its state, holder and steps. */
  rma: CaseRma | null;
  /** The repair order linked to the claim, directly or through its RMA: state, holder and steps. */
  repair: CaseRepair | null;
  /** Claim, RMA number, repair order and outcome, as far as the case has got. */
  chain: CaseChainStep[];
  /** The SLAs of the claim, its RMA and its repair order, with the time left in words. */
  slas: CaseSla[];
  lastEventAt: string;
  revision: number;
}

export const RESOLUTION_WORDS: Record<Resolution, string> = {
  repair: 'a repair',
  replace: 'a replacement',
  refund: 'a refund',
  credit: 'a credit',
};

export const REJECTION_WORDS: Record<RejectionReason, string> = {
  out_of_warranty: 'the unit was out of warranty',
  not_covered: 'the defect is not covered by the warranty',
  misuse: 'the damage was caused by misuse',
  duplicate: 'it duplicates another claim',
  insufficient_evidence: 'the evidence was not sufficient',
  other: 'another reason (see the decision notes)',
};

export const OUTCOME_WORDS: Record<ClaimOutcome, string> = {
  repaired: 'the unit was repaired',
  replaced: 'the unit was replaced',
  refunded: 'the purchase was refunded',
  credited: 'a credit was issued',
  returned_unrepaired: 'the unit was returned unrepaired',
  scrapped: 'the unit was scrapped, with no repair or replacement',
  rma_cancelled: 'the return was cancelled before the unit came back',
  not_returned: 'the unit was not sent back by the return-by date',
};

export const words = <K extends string>(
  table: Record<K, string>,
  key: string | null,
  fallback: string,
) => (key !== null && key in table ? table[key as K] : fallback);

/** `2026-03-05T17:00:00.000Z` -> `2026-03-05 17:00 UTC`. */
export function instantInWords(instant: Date | string): string {
  const iso = typeof instant === 'string' ? new Date(instant).toISOString() : instant.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** Integer minor units with the currency's own number of decimals: `12999 EUR` -> `129.99 EUR`. */
export function moneyInWords(amount: number, currency: string): string {
  let digits = 2;
  try {
    digits =
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
        .maximumFractionDigits ?? 2;
  } catch {
    // An unknown currency code: assume cents.
  }
  const sign = amount < 0 ? '-' : '';
  const units = Math.abs(amount);
  if (digits === 0) return `${sign}${units} ${currency}`;
  const scale = 10 ** digits;
  const fraction = String(units % scale).padStart(digits, '0');
  return `${sign}${Math.floor(units / scale)}.${fraction} ${currency}`;
}

function coverageSummary(row: ClaimStatusView): string {
  const end = row.coverageEndDate;
  if (row.coverageCovered) {
    const plan = row.coveragePlanCode ? `plan ${row.coveragePlanCode}` : 'the warranty';
    const source =
      row.coverageSource === 'proof_of_purchase' ? ', established from the proof of purchase' : '';
    return `Covered by ${plan}${end ? ` until ${end}` : ''}${source}`;
  }
  const why: Record<NotCoveredReason, string> = {
    not_registered: 'the unit is not registered',
    not_yet_started: 'the warranty had not started yet',
    expired: end ? `the warranty expired on ${end}` : 'the warranty had expired',
    voided: 'the warranty was voided',
    cancelled: 'the registration was cancelled',
    replaced: 'the unit was replaced in an exchange; its replacement carries the coverage',
    kind_not_covered: 'the plan does not cover this kind of defect',
    ownership_transferred: 'coverage ended when the unit changed owner',
  };
  return `Not covered on the failure date: ${words(why, row.coverageReason, 'no coverage was in force')}`;
}

export function milestones(row: ClaimStatusView): CaseMilestone[] {
  const all: Array<[CaseMilestone['name'], string, Date | null]> = [
    ['filed', 'Claim filed', row.filedAt],
    ['review_started', 'Review started', row.reviewStartedAt],
    ['info_requested', 'More information requested', row.infoRequestedAt],
    ['info_provided', 'Information provided', row.infoProvidedAt],
    [
      row.decision === 'rejected' ? 'rejected' : 'approved',
      row.decision === 'rejected' ? 'Rejected' : 'Approved',
      row.decision === null ? null : row.decidedAt,
    ],
    ['appealed', 'Appealed', row.appealedAt],
    ['withdrawn', 'Withdrawn', row.withdrawnAt],
    ['fulfilment_started', 'Fulfilment started', row.fulfilmentStartedAt],
    ['resolved', 'Resolved', row.resolvedAt],
    ['closed', 'Closed', row.closedAt],
  ];
  return all
    .filter((m): m is [CaseMilestone['name'], string, Date] => m[2] !== null)
    .map(([name, label, at]) => ({ name, label, at: at.toISOString() }))
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)); // stable: lifecycle order on ties
}

interface Wording {
  stateInWords: string;
  nextStep: string;
  heldBy: CaseParty;
}

function approvedWords(row: ClaimStatusView): string {
  const resolution = words(RESOLUTION_WORDS, row.approvedResolution, 'a remedy');
  const amount =
    row.approvedAmount !== null && row.approvedCurrency !== null
      ? ` of ${moneyInWords(row.approvedAmount, row.approvedCurrency)}`
      : '';
  return `${resolution}${amount}${row.goodwill ? ', as a goodwill gesture' : ''}`;
}

/** The plain words for the state the row is in. */
function wording(row: ClaimStatusView, rmaNumber: string | null): Wording {
  switch (row.state) {
    case 'submitted':
      return {
        stateInWords: 'Waiting for the manufacturer to review the claim',
        nextStep:
          'The manufacturer reviews the claim: it approves it, rejects it or asks for more information.',
        heldBy: 'manufacturer',
      };
    case 'under_review':
      return {
        stateInWords: 'The manufacturer is reviewing the claim',
        nextStep: 'The manufacturer approves or rejects the claim, or asks for more information.',
        heldBy: 'manufacturer',
      };
    case 'info_requested':
      return {
        stateInWords: "Waiting for the retailer to answer the manufacturer's question",
        nextStep: `The retailer answers the question${
          row.infoDueBy ? ` by ${instantInWords(row.infoDueBy)}` : ''
        }; the manufacturer then continues the review.`,
        heldBy: 'retailer',
      };
    case 'approved': {
      const shipping = row.approvedResolution === 'repair' || row.approvedResolution === 'replace';
      return {
        stateInWords: `Approved for ${approvedWords(row)}`,
        nextStep: shipping
          ? `The manufacturer authorizes the return of the unit (RMA) for ${words(
              RESOLUTION_WORDS,
              row.approvedResolution,
              'the remedy',
            )}.`
          : `The manufacturer issues ${words(
              RESOLUTION_WORDS,
              row.approvedResolution,
              'the remedy',
            )}; the claim is then resolved.`,
        heldBy: 'manufacturer',
      };
    }
    case 'rejected': {
      const reason = words(REJECTION_WORDS, row.rejectionReason, 'no reason was recorded');
      const final = row.rejectionFinal || row.appealUsed;
      return final
        ? {
            stateInWords: `Rejected by the manufacturer${row.appealUsed ? ' after an appeal' : ''}: ${reason}`,
            nextStep:
              'The rejection is final and cannot be appealed; the manufacturer closes the claim.',
            heldBy: 'manufacturer',
          }
        : {
            stateInWords: `Rejected by the manufacturer: ${reason}`,
            nextStep: 'The retailer may appeal the decision once; otherwise the claim is closed.',
            heldBy: 'retailer',
          };
    }
    case 'appealed':
      return {
        stateInWords:
          'Appealed by the retailer; waiting for the manufacturer to review the claim again',
        nextStep: 'The manufacturer reviews the claim again and decides; that decision is final.',
        heldBy: 'manufacturer',
      };
    case 'in_fulfilment': {
      // The number is what people quote; the id only until the RMA queue has the RMA.
      const rma = rmaNumber ? ` (${rmaNumber})` : row.rmaId ? ` (RMA ${row.rmaId})` : '';
      const resolution = words(RESOLUTION_WORDS, row.approvedResolution, 'the remedy');
      return {
        stateInWords: `Approved; ${resolution} is under way${rma}`,
        nextStep:
          row.approvedResolution === 'replace'
            ? 'The faulty unit comes back under the RMA and a replacement is shipped; the claim is then resolved.'
            : row.approvedResolution === 'repair'
              ? 'The unit comes back under the RMA, is repaired and shipped back; the claim is then resolved.'
              : 'The manufacturer completes the remedy; the claim is then resolved.',
        heldBy: 'manufacturer',
      };
    }
    case 'resolved':
      return {
        stateInWords: `Resolved: ${words(OUTCOME_WORDS, row.outcome, 'the remedy was delivered')}`,
        nextStep:
          'Nothing more is needed from the customer or the retailer; the manufacturer closes the claim.',
        heldBy: 'manufacturer',
      };
    case 'closed':
      return {
        stateInWords:
          row.resolvedAt !== null
            ? `Closed after it was resolved: ${words(OUTCOME_WORDS, row.outcome, 'the remedy was delivered')}`
            : row.decision === 'rejected'
              ? `Closed after it was rejected: ${words(REJECTION_WORDS, row.rejectionReason, 'no reason was recorded')}`
              : 'Closed',
        nextStep: 'Nothing: the case is finished.',
        heldBy: 'nobody',
      };
    case 'withdrawn':
      return {
        stateInWords: 'Withdrawn before a decision was made',
        nextStep: 'Nothing: the case is finished.',
        heldBy: 'nobody',
      };
    default:
      return {
        stateInWords: `In state "${String(row.state)}"`,
        nextStep: 'No next step is known for this state.',
        heldBy: 'nobody',
      };
  }
}

const link = (step: CaseChainStep['step'], words: string, at: Date): CaseChainStep => ({
  step,
  text: `${words} (${instantInWords(at)})`,
  at: at.toISOString(),
});

/** Pure: the chain claim -> RMA -> repair order -> outcome, each with the time it was reached. */
export function caseChain(
  row: ClaimStatusView,
  rma: RmaQueueRow | null,
  repair: RepairQueueRow | null,
): CaseChainStep[] {
  const claim =
    row.decision === 'approved' && row.decidedAt
      ? link('claim', `Claim approved for ${approvedWords(row)}`, row.decidedAt)
      : row.decision === 'rejected' && row.decidedAt
        ? link(
            'claim',
            `Claim rejected: ${words(REJECTION_WORDS, row.rejectionReason, 'no reason was recorded')}`,
            row.decidedAt,
          )
        : link('claim', 'Claim filed', row.filedAt);
  const outcome =
    row.resolvedAt !== null
      ? link(
          'outcome',
          `Resolved: ${(row.outcome ?? 'remedy delivered').replaceAll('_', ' ')}`,
          row.resolvedAt,
        )
      : row.withdrawnAt !== null
        ? link('outcome', 'Withdrawn', row.withdrawnAt)
        : row.closedAt !== null
          ? link('outcome', 'Closed', row.closedAt)
          : null;
  return [
    claim,
    ...(rma ? [link('rma', `${rma.rmaNumber} authorized`, rma.authorizedAt)] : []),
    ...(repair
      ? [
          link(
            'repair',
            `Repair ${repair.repairOrderId} opened at ${repair.serviceCenterId}`,
            repair.openedAt,
          ),
        ]
      : []),
    ...(outcome ? [outcome] : []),
  ];
}

const holder = (row: ClaimStatusView, party: CaseParty): CaseHolder => ({
  party,
  tenantId:
    party === 'retailer' ? row.retailerId : party === 'manufacturer' ? row.manufacturerId : null,
});

/** Pure: the case as a customer-service screen shows it, from its claim_status row, its RMA's and its repair's. */
export function describeCase(
  row: ClaimStatusView,
  rma: RmaQueueRow | null = null,
  repair: RepairQueueRow | null = null,
  slas: CaseSla[] = [],
): CaseView {
  const { stateInWords, nextStep, heldBy } = wording(row, rma?.rmaNumber ?? null);
  return {
    claimId: row.claimId,
    state: row.state,
    stateInWords,
    nextStep,
    heldBy: holder(row, heldBy),
    retailerId: row.retailerId,
    manufacturerId: row.manufacturerId,
    serialNumber: row.serialNumber,
    productId: row.productId,
    model: row.model,
    productCategory: row.productCategory,
    defect: { category: row.defectCategory, description: row.defectDescription },
    requestedResolution: row.requestedResolution,
    decision:
      row.decision === null
        ? null
        : {
            outcome: row.decision,
            at: row.decidedAt?.toISOString() ?? null,
            by: row.decidedBy,
            resolution: row.decision === 'approved' ? row.approvedResolution : null,
            approvedAmount:
              row.decision === 'approved' &&
              row.approvedAmount !== null &&
              row.approvedCurrency !== null
                ? { amount: row.approvedAmount, currency: row.approvedCurrency }
                : null,
            goodwill: row.decision === 'approved' && row.goodwill,
            rejectionReason: row.decision === 'rejected' ? row.rejectionReason : null,
            final: row.decision === 'rejected' && (row.rejectionFinal || row.appealUsed),
          },
    coverage: {
      covered: row.coverageCovered,
      planCode: row.coveragePlanCode,
      endDate: row.coverageEndDate,
      reason: row.coverageReason,
      source: row.coverageSource,
      summary: coverageSummary(row),
    },
    flags: row.flags,
    infoRequest:
      row.state === 'info_requested'
        ? { question: row.infoQuestion, dueBy: row.infoDueBy?.toISOString() ?? null }
        : null,
    outcome: row.outcome,
    milestones: milestones(row),
    rmaId: row.rmaId,
    repairOrderId: row.repairOrderId ?? repair?.repairOrderId ?? null,
    rma: rma && describeRma(rma),
    repair: repair && describeRepair(repair),
    chain: caseChain(row, rma, repair),
    slas,
    lastEventAt: row.lastEventAt.toISOString(),
    revision: row.lastRevision,
  };
}
