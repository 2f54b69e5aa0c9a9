import { dayOf, normalizeSerialNumber, productIdFor } from '@warranty/coverage';
import {
  AggregateNotFoundError,
  type Decider,
  ensurePayout,
  IllegalStateError,
} from '@warranty/eventsourcing';
import { normalizeDefectCategory } from './claim-index';
import type {
  AppealRejection,
  ApproveClaim,
  ClaimCommand,
  ClaimCommandType,
  CloseClaim,
  FileClaim,
  ProvideInfo,
  RejectClaim,
  RequestInfo,
  ResolveClaim,
  StartFulfilment,
  StartReview,
  WithdrawClaim,
} from './claim.commands';
import { evolveClaim } from './claim.evolve';
import {
  type ClaimState,
  type ClaimStatus,
  claimStream,
  type FiledClaim,
  noClaim,
  WITHDRAWABLE_STATUSES,
} from './claim.state';
import {
  CLAIM_OUTCOMES,
  type ClaimCoverage,
  type ClaimEvent,
  type ClaimFiled,
  type ClaimOutcome,
  type ClaimReviewStarted,
  type ClaimWithdrawn,
  type CustomerContact,
  type Money,
  REJECTION_REASONS,
  REQUESTED_RESOLUTIONS,
  RESOLUTIONS,
  type Resolution,
} from './events';
import { computeReviewFlags } from './review-flags';
import { ensureNotBoughtBack } from './unit-buy-back';
import {
  ensure,
  isText,
  requireDate,
  requireEvidence,
  requireInstant,
  requireMoney,
  requireOneOf,
  requireText,
} from './rule';

type TransitionCommand = Exclude<ClaimCommandType, 'FileClaim'>;

/** The states each command is accepted in (before command-specific rules). */
export const CLAIM_TRANSITIONS: Readonly<Record<TransitionCommand, readonly ClaimStatus[]>> = {
  StartReview: ['submitted', 'appealed', 'info_requested'],
  RequestInfo: ['under_review'],
  ProvideInfo: ['info_requested'],
  ApproveClaim: ['under_review'],
  RejectClaim: ['under_review'],
  AppealRejection: ['rejected'],
  WithdrawClaim: WITHDRAWABLE_STATUSES,
  StartFulfilment: ['approved'],
  ResolveClaim: ['approved', 'in_fulfilment'],
  CloseClaim: ['resolved', 'rejected'],
};

const VERBS: Record<TransitionCommand, string> = {
  StartReview: 'start reviewing',
  RequestInfo: 'request information on',
  ProvideInfo: 'provide information on',
  ApproveClaim: 'approve',
  RejectClaim: 'reject',
  AppealRejection: 'appeal',
  WithdrawClaim: 'withdraw',
  StartFulfilment: 'start fulfilling',
  ResolveClaim: 'resolve',
  CloseClaim: 'close',
};

/** Resolutions an approved claim may be resolved with directly, without a fulfilment (RMA). */
export const DIRECT_RESOLUTIONS: Readonly<Partial<Record<Resolution, ClaimOutcome>>> = {
  refund: 'refunded',
  credit: 'credited',
};

/** The filed claim, or a refusal: unknown claims are 404, closed and withdrawn ones accept nothing. */
function filed(state: ClaimState, command: Exclude<ClaimCommand, FileClaim>): FiledClaim {
  if (state.status === 'none') throw new AggregateNotFoundError(claimStream(command.claimId));
  if (state.status === 'closed' || state.status === 'withdrawn')
    throw new IllegalStateError(
      `Claim ${state.claimId} is ${state.status} and accepts no further commands`,
      state.status,
      state.status === 'closed' ? 'claim-closed' : 'claim-withdrawn',
    );
  return state;
}

/** The filed claim in one of the states the command is accepted in. */
function inState(state: ClaimState, command: Exclude<ClaimCommand, FileClaim>): FiledClaim {
  const claim = filed(state, command);
  if (!CLAIM_TRANSITIONS[command.type].includes(claim.status))
    throw new IllegalStateError(
      `Cannot ${VERBS[command.type]} claim ${claim.claimId}: it is ${claim.status}`,
      claim.status,
      'illegal-transition',
    );
  return claim;
}

const optionalText = (value: string | null | undefined): string | null =>
  isText(value) ? value.trim() : null;

function requireCustomer(customer: CustomerContact): CustomerContact {
  ensure(
    typeof customer === 'object' && customer !== null,
    'field-required',
    'customer',
    'customer is required',
  );
  const name = requireText(customer.name, 'customer.name');
  const email = typeof customer.email === 'string' ? customer.email.trim().toLowerCase() : '';
  ensure(
    /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email),
    'invalid-email',
    'customer.email',
    'customer.email is not an e-mail address',
  );
  if (customer.phone === undefined || customer.phone === null) return { name, email };
  return { name, email, phone: requireText(customer.phone, 'customer.phone', 'invalid-phone') };
}

function requireCoverage(coverage: FileClaim['coverage'], source: ClaimCoverage['source']) {
  ensure(
    typeof coverage === 'object' && coverage !== null && typeof coverage.covered === 'boolean',
    'invalid-coverage',
    'coverage',
    'The coverage assessment is missing',
  );
  const { covered, planCode, endDate, reason } = coverage;
  ensure(
    covered
      ? reason === null && isText(planCode) && typeof endDate === 'string'
      : typeof reason === 'string',
    'invalid-coverage',
    'coverage',
    covered
      ? 'A covered assessment names its plan and end date and has no reason'
      : 'An uncovered assessment says why',
  );
  if (endDate !== null) requireDate(endDate, 'coverage.endDate');
  return { covered, planCode, endDate, reason, source };
}

function file(command: FileClaim, state: ClaimState): ClaimEvent[] {
  if (state.status !== 'none')
    throw new IllegalStateError(
      `Claim ${state.claimId} was already filed; it is ${state.status}`,
      state.status,
      'claim-already-filed',
    );
  const claimId = requireText(command.claimId, 'claimId');
  const retailerId = requireText(command.retailerId, 'retailerId');
  const manufacturerId = requireText(command.manufacturerId, 'manufacturerId');
  requireInstant(command.filedAt, 'filedAt');
  const today = dayOf(command.filedAt);
  const serialNumber = normalizeSerialNumber(command.serialNumber);
  ensure(
    serialNumber !== null,
    'invalid-serial-number',
    'serialNumber',
    'A serial number is 1-64 letters, digits, dots, dashes or underscores',
  );

  const { registration } = command;
  const proof = command.proofOfPurchase ?? null;
  if (registration !== null) {
    ensure(
      registration.productId === productIdFor(manufacturerId, serialNumber),
      'registration-mismatch',
      'registration.productId',
      `The registration is not the one of ${productIdFor(manufacturerId, serialNumber)}`,
    );
    requireDate(registration.purchaseDate, 'registration.purchaseDate');
  } else {
    ensure(
      proof !== null,
      'proof-of-purchase-required',
      'proofOfPurchase',
      'A unit that was never registered needs a proof of purchase',
    );
  }
  const proofOfPurchase =
    proof === null
      ? null
      : {
          date: proof.date,
          retailerId: requireText(proof.retailerId, 'proofOfPurchase.retailerId'),
          reference: requireText(proof.reference, 'proofOfPurchase.reference'),
        };
  if (proofOfPurchase) requireDate(proofOfPurchase.date, 'proofOfPurchase.date');
  const purchaseDate = registration?.purchaseDate ?? proofOfPurchase!.date;
  ensure(
    purchaseDate <= today,
    'purchase-date-in-future',
    registration ? 'registration.purchaseDate' : 'proofOfPurchase.date',
    'The purchase date is after today',
  );

  requireDate(command.failureDate, 'failureDate');
  ensure(
    command.failureDate <= today,
    'failure-date-in-future',
    'failureDate',
    'The failure date is after today',
  );
  ensure(
    command.failureDate >= purchaseDate,
    'failure-date-before-purchase',
    'failureDate',
    `The failure date is before the purchase date ${purchaseDate}`,
  );

  ensure(
    typeof command.defect === 'object' && command.defect !== null,
    'field-required',
    'defect',
    'defect is required',
  );
  const category = normalizeDefectCategory(command.defect.category);
  ensure(
    category !== null,
    'invalid-defect-category',
    'defect.category',
    'A defect category is 1-64 characters',
  );
  const description = requireText(command.defect.description, 'defect.description');
  const evidence = requireEvidence(command.evidence, 'evidence');
  const customer = requireCustomer(command.customer);
  requireOneOf(
    command.requestedResolution,
    REQUESTED_RESOLUTIONS,
    'requestedResolution',
    'invalid-requested-resolution',
  );
  const coverage = requireCoverage(
    command.coverage,
    registration ? 'registration' : 'proof_of_purchase',
  );
  ensure(
    typeof command.history === 'object' && command.history !== null,
    'invalid-claim-history',
    'history',
    'The claim history is missing',
  );
  const flags = computeReviewFlags(
    {
      purchaseDate,
      filedAt: command.filedAt,
      priorClaimsOnUnit: command.history.priorClaimsOnUnit,
      customerClaimsLastYear: command.history.customerClaimsLastYear,
    },
    command.reviewThresholds,
  );

  const data: ClaimFiled['data'] = {
    claimId,
    retailerId,
    manufacturerId,
    serialNumber,
    productId: registration?.productId ?? null,
    model: registration ? registration.model : optionalText(command.model),
    productCategory: registration ? registration.category : optionalText(command.productCategory),
    purchaseDate,
    failureDate: command.failureDate,
    defect: { category, description },
    evidence,
    customer,
    requestedResolution: command.requestedResolution,
    proofOfPurchase,
    coverage,
    price: registration ? requireMoney(registration.price, 'registration.price') : null,
    flags,
    filedAt: command.filedAt,
  };
  return [{ type: 'ClaimFiled', data }];
}

function startReview(command: StartReview, state: ClaimState): ClaimEvent[] {
  const claim = inState(state, command);
  const by = requireText(command.by, 'by');
  requireInstant(command.at, 'at');
  if (claim.status === 'info_requested') {
    // Review may resume without an answer only once the answer is overdue.
    const dueBy = claim.infoRequest?.dueBy ?? command.at;
    if (Date.parse(command.at) < Date.parse(dueBy))
      throw new IllegalStateError(
        `Cannot start reviewing claim ${claim.claimId}: it is info_requested until ${dueBy}`,
        claim.status,
        'info-pending',
        { dueBy },
      );
  }
  const previousState = claim.status as ClaimReviewStarted['data']['previousState'];
  return [
    {
      type: 'ClaimReviewStarted',
      data: { claimId: claim.claimId, previousState, by, at: command.at },
    },
  ];
}

function requestInfo(command: RequestInfo, state: ClaimState): ClaimEvent[] {
  const claim = inState(state, command);
  const question = requireText(command.question, 'question');
  const by = requireText(command.by, 'by');
  requireInstant(command.at, 'at');
  requireInstant(command.dueBy, 'dueBy');
  ensure(
    Date.parse(command.dueBy) > Date.parse(command.at),
    'due-by-not-after-request',
    'dueBy',
    'dueBy must be after the request',
  );
  return [
    {
      type: 'ClaimInfoRequested',
      data: { claimId: claim.claimId, question, dueBy: command.dueBy, by, at: command.at },
    },
  ];
}

function provideInfo(command: ProvideInfo, state: ClaimState): ClaimEvent[] {
  const claim = inState(state, command);
  const by = requireText(command.by, 'by');
  requireInstant(command.at, 'at');
  const attachments = requireEvidence(command.attachments ?? [], 'attachments');
  const answer = typeof command.answer === 'string' ? command.answer.trim() : '';
  ensure(
    answer.length > 0 || attachments.length > 0,
    'info-empty',
    'answer',
    'Provide an answer or at least one attachment',
  );
  return [
    {
      type: 'ClaimInfoProvided',
      data: { claimId: claim.claimId, answer, attachments, by, at: command.at },
    },
  ];
}

/** A refund or credit (goodwill too): above zero, in the unit's currency, never above its price. */
function requirePayout(claim: FiledClaim, amount: Money): void {
  // A claim on a receipt, or filed before prices were recorded, knows no price to check against.
  ensurePayout(amount, claim.filing.price ?? null, {
    field: 'approvedAmount',
    sold: `Unit ${claim.serialNumber}`,
    payee: `Claim ${claim.claimId}`,
    limit: "its unit's price",
  });
}

function approve(command: ApproveClaim, state: ClaimState): ClaimEvent[] {
  const claim = inState(state, command);
  requireOneOf(command.resolution, RESOLUTIONS, 'resolution', 'invalid-resolution');
  ensure(
    typeof command.goodwill === 'boolean',
    'field-required',
    'goodwill',
    'goodwill must be true or false',
  );
  ensure(
    claim.filing.coverage.covered || command.goodwill,
    'not-covered-needs-goodwill',
    'goodwill',
    `Claim ${claim.claimId} was assessed not covered (${claim.filing.coverage.reason}); ` +
      'it can only be approved as goodwill',
  );
  const amountRequired = command.resolution === 'refund' || command.resolution === 'credit';
  const given = command.approvedAmount ?? null;
  ensure(
    given !== null || !amountRequired,
    'amount-required',
    'approvedAmount',
    `A ${command.resolution} needs an approved amount`,
  );
  const approvedAmount = given === null ? null : requireMoney(given, 'approvedAmount');
  if (amountRequired) {
    requirePayout(claim, approvedAmount!);
    ensureNotBoughtBack(claim, command.buyBack);
  }
  const decidedBy = requireText(command.decidedBy, 'decidedBy');
  requireInstant(command.at, 'at');
  return [
    {
      type: 'ClaimApproved',
      data: {
        claimId: claim.claimId,
        resolution: command.resolution,
        approvedAmount,
        goodwill: command.goodwill,
        notes: typeof command.notes === 'string' ? command.notes : '',
        decidedBy,
        at: command.at,
      },
    },
  ];
}

function reject(command: RejectClaim, state: ClaimState): ClaimEvent[] {
  const claim = inState(state, command);
  requireOneOf(command.reasonCode, REJECTION_REASONS, 'reasonCode', 'invalid-reason');
  const notes = typeof command.notes === 'string' ? command.notes : '';
  ensure(
    command.reasonCode !== 'other' || isText(notes),
    'notes-required',
    'notes',
    'A rejection for another reason must say why',
  );
  const decidedBy = requireText(command.decidedBy, 'decidedBy');
  requireInstant(command.at, 'at');
  return [
    {
      type: 'ClaimRejected',
      data: {
        claimId: claim.claimId,
        reasonCode: command.reasonCode,
        notes,
        final: claim.appeal !== null,
        decidedBy,
        at: command.at,
      },
    },
  ];
}

function appeal(command: AppealRejection, state: ClaimState): ClaimEvent[] {
  const claim = inState(state, command);
  if (claim.appeal !== null)
    throw new IllegalStateError(
      `Cannot appeal claim ${claim.claimId}: it is rejected and was already appealed once`,
      claim.status,
      'appeal-already-used',
    );
  const grounds = requireText(command.grounds, 'grounds', 'grounds-required');
  const by = requireText(command.by, 'by');
  requireInstant(command.at, 'at');
  return [{ type: 'ClaimAppealed', data: { claimId: claim.claimId, grounds, by, at: command.at } }];
}

function withdraw(command: WithdrawClaim, state: ClaimState): ClaimEvent[] {
  const claim = inState(state, command);
  const reason = requireText(command.reason, 'reason', 'reason-required');
  const by = requireText(command.by, 'by');
  requireInstant(command.at, 'at');
  const previousState = claim.status as ClaimWithdrawn['data']['previousState'];
  return [
    {
      type: 'ClaimWithdrawn',
      data: { claimId: claim.claimId, reason, previousState, by, at: command.at },
    },
  ];
}

function startFulfilment(command: StartFulfilment, state: ClaimState): ClaimEvent[] {
  const claim = filed(state, command);
  // A redelivered command from the workflow changes nothing.
  if (claim.status === 'in_fulfilment' && claim.fulfilment?.rmaId === command.rmaId) return [];
  inState(state, command);
  const rmaId = requireText(command.rmaId, 'rmaId', 'rma-required');
  const by = requireText(command.by, 'by');
  requireInstant(command.at, 'at');
  return [
    {
      type: 'ClaimFulfilmentStarted',
      data: {
        claimId: claim.claimId,
        resolution: claim.approval!.resolution,
        rmaId,
        by,
        at: command.at,
      },
    },
  ];
}

function resolve(command: ResolveClaim, state: ClaimState): ClaimEvent[] {
  const claim = filed(state, command);
  const rmaId = optionalText(command.rmaId) ?? claim.fulfilment?.rmaId ?? null;
  const repairOrderId = optionalText(command.repairOrderId);
  // A redelivered command from the workflow changes nothing.
  const r = claim.resolution;
  if (
    claim.status === 'resolved' &&
    r !== null &&
    r.outcome === command.outcome &&
    r.rmaId === rmaId &&
    r.repairOrderId === repairOrderId
  )
    return [];
  inState(state, command);
  const resolution = claim.approval!.resolution;
  if (claim.status === 'approved' && DIRECT_RESOLUTIONS[resolution] === undefined)
    throw new IllegalStateError(
      `Cannot resolve claim ${claim.claimId}: it is approved for ${resolution} ` +
        'and its fulfilment has not started',
      claim.status,
      'fulfilment-required',
    );
  requireOneOf(command.outcome, CLAIM_OUTCOMES, 'outcome', 'invalid-outcome');
  if (claim.status === 'approved')
    ensure(
      command.outcome === DIRECT_RESOLUTIONS[resolution],
      'outcome-mismatch',
      'outcome',
      `A claim approved for ${resolution} without fulfilment is ${DIRECT_RESOLUTIONS[resolution]}`,
    );
  if (claim.fulfilment !== null)
    ensure(
      rmaId === claim.fulfilment.rmaId,
      'rma-mismatch',
      'rmaId',
      `Claim ${claim.claimId} is fulfilled through ${claim.fulfilment.rmaId}`,
    );
  const by = requireText(command.by, 'by');
  requireInstant(command.at, 'at');
  return [
    {
      type: 'ClaimResolved',
      data: {
        claimId: claim.claimId,
        outcome: command.outcome,
        rmaId,
        repairOrderId,
        by,
        at: command.at,
      },
    },
  ];
}

function close(command: CloseClaim, state: ClaimState): ClaimEvent[] {
  const claim = inState(state, command);
  const by = requireText(command.by, 'by');
  requireInstant(command.at, 'at');
  return [
    {
      type: 'ClaimClosed',
      data: {
        claimId: claim.claimId,
        finalState: claim.status as 'resolved' | 'rejected',
        by,
        at: command.at,
      },
    },
  ];
}

export const claimDecider: Decider<ClaimCommand, ClaimEvent, ClaimState> = {
  initialState: noClaim,
  decide(command, state) {
    switch (command.type) {
      case 'FileClaim':
        return file(command, state);
      case 'StartReview':
        return startReview(command, state);
      case 'RequestInfo':
        return requestInfo(command, state);
      case 'ProvideInfo':
        return provideInfo(command, state);
      case 'ApproveClaim':
        return approve(command, state);
      case 'RejectClaim':
        return reject(command, state);
      case 'AppealRejection':
        return appeal(command, state);
      case 'WithdrawClaim':
        return withdraw(command, state);
      case 'StartFulfilment':
        return startFulfilment(command, state);
      case 'ResolveClaim':
        return resolve(command, state);
      case 'CloseClaim':
        return close(command, state);
    }
  },
  evolve: evolveClaim,
};
