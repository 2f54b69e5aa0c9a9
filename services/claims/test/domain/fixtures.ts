import type {
  AppealRejection,
  ApproveClaim,
  ClaimCommand,
  CloseClaim,
  FileClaim,
  ProvideInfo,
  RejectClaim,
  RequestInfo,
  ResolveClaim,
  StartFulfilment,
  StartReview,
  WithdrawClaim,
} from '../../src/domain/claim.commands';
import type { ClaimStatus } from '../../src/domain/claim.state';
import { nothingBoughtBack } from '../../src/domain/unit-buy-back';
import type {
  ClaimAppealed,
  ClaimApproved,
  ClaimClosed,
  ClaimEvent,
  ClaimFiled,
  ClaimFulfilmentStarted,
  ClaimInfoProvided,
  ClaimInfoRequested,
  ClaimRejected,
  ClaimResolved,
  ClaimReviewStarted,
  ClaimWithdrawn,
  Evidence,
} from '../../src/domain/events';

export const claimId = 'clm-1';
export const reviewer = 'reviewer-7';
export const retailerUser = 'shop-1-key';

/** The instant every transition command in these specs is sent at. */
export const now = '2026-03-01T10:00:00.000Z';

/** The unit's sale price: the ceiling of a refund or credit. */
export const salePrice = { amount: 129_900, currency: 'EUR' };

export const photo: Evidence = {
  kind: 'photo',
  uri: 'https://files.example.com/clm-1/door.jpg',
  sha256: 'a'.repeat(64),
  sizeBytes: 482_113,
};

export function fileClaim(overrides: Partial<FileClaim> = {}): FileClaim {
  return {
    type: 'FileClaim',
    claimId,
    retailerId: 'shop-1',
    manufacturerId: 'acme',
    serialNumber: ' sn-001 ',
    registration: {
      productId: 'acme~SN-001',
      model: 'WM-9000',
      category: 'washing_machine',
      purchaseDate: '2026-01-10',
      price: salePrice,
    },
    failureDate: '2026-02-20',
    defect: { category: ' Door  Seal ', description: 'Leaks water during the spin cycle' },
    evidence: [{ ...photo, sha256: 'A'.repeat(64) }],
    customer: { name: 'Alice Martin', email: ' Alice@Example.com ', phone: '+33 6 12 34 56 78' },
    requestedResolution: 'repair',
    proofOfPurchase: null,
    coverage: { covered: true, planCode: 'STD-24', endDate: '2028-01-09', reason: null },
    history: { priorClaimsOnUnit: 0, customerClaimsLastYear: 0 },
    filedAt: '2026-02-21T08:30:00.000Z',
    ...overrides,
  };
}

export function claimFiled(overrides: Partial<ClaimFiled['data']> = {}): ClaimFiled {
  return {
    type: 'ClaimFiled',
    data: {
      claimId,
      retailerId: 'shop-1',
      manufacturerId: 'acme',
      serialNumber: 'SN-001',
      productId: 'acme~SN-001',
      model: 'WM-9000',
      productCategory: 'washing_machine',
      purchaseDate: '2026-01-10',
      failureDate: '2026-02-20',
      defect: { category: 'door seal', description: 'Leaks water during the spin cycle' },
      evidence: [photo],
      customer: { name: 'Alice Martin', email: 'alice@example.com', phone: '+33 6 12 34 56 78' },
      requestedResolution: 'repair',
      proofOfPurchase: null,
      coverage: {
        covered: true,
        planCode: 'STD-24',
        endDate: '2028-01-09',
        reason: null,
        source: 'registration',
      },
      price: salePrice,
      flags: [],
      filedAt: '2026-02-21T08:30:00.000Z',
      ...overrides,
    },
  };
}

/** Filed against a unit whose warranty had expired on the failure date. */
export const uncoveredClaimFiled = claimFiled({
  coverage: {
    covered: false,
    planCode: 'STD-24',
    endDate: '2026-02-01',
    reason: 'expired',
    source: 'registration',
  },
});

export const reviewStarted = (
  previousState: ClaimReviewStarted['data']['previousState'] = 'submitted',
  at = '2026-02-22T09:00:00.000Z',
): ClaimReviewStarted => ({
  type: 'ClaimReviewStarted',
  data: { claimId, previousState, by: reviewer, at },
});

export const infoRequested: ClaimInfoRequested = {
  type: 'ClaimInfoRequested',
  data: {
    claimId,
    question: 'Please send a photo of the rating plate',
    dueBy: '2026-03-05T17:00:00.000Z',
    by: reviewer,
    at: '2026-02-23T09:00:00.000Z',
  },
};

export const infoProvided: ClaimInfoProvided = {
  type: 'ClaimInfoProvided',
  data: { claimId, answer: 'Attached', attachments: [photo], by: retailerUser, at: now },
};

export function claimApproved(overrides: Partial<ClaimApproved['data']> = {}): ClaimApproved {
  return {
    type: 'ClaimApproved',
    data: {
      claimId,
      resolution: 'repair',
      approvedAmount: null,
      goodwill: false,
      notes: '',
      decidedBy: reviewer,
      at: '2026-02-24T09:00:00.000Z',
      ...overrides,
    },
  };
}

export function claimRejected(overrides: Partial<ClaimRejected['data']> = {}): ClaimRejected {
  return {
    type: 'ClaimRejected',
    data: {
      claimId,
      reasonCode: 'misuse',
      notes: 'Detergent residue shows overdosing',
      final: false,
      decidedBy: reviewer,
      at: '2026-02-24T09:00:00.000Z',
      ...overrides,
    },
  };
}

export const claimAppealed: ClaimAppealed = {
  type: 'ClaimAppealed',
  data: {
    claimId,
    grounds: 'The customer uses the dosing cup',
    by: retailerUser,
    at: '2026-02-25T09:00:00.000Z',
  },
};

export const fulfilmentStarted: ClaimFulfilmentStarted = {
  type: 'ClaimFulfilmentStarted',
  data: {
    claimId,
    resolution: 'repair',
    rmaId: 'rma-1',
    by: 'fulfilment-workflow',
    at: '2026-02-25T09:00:00.000Z',
  },
};

export function claimResolved(overrides: Partial<ClaimResolved['data']> = {}): ClaimResolved {
  return {
    type: 'ClaimResolved',
    data: {
      claimId,
      outcome: 'repaired',
      rmaId: 'rma-1',
      repairOrderId: 'ro-1',
      by: 'fulfilment-workflow',
      at: '2026-02-28T09:00:00.000Z',
      ...overrides,
    },
  };
}

export const claimClosed = (finalState: ClaimClosed['data']['finalState']): ClaimClosed => ({
  type: 'ClaimClosed',
  data: { claimId, finalState, by: reviewer, at: '2026-02-28T12:00:00.000Z' },
});

export const claimWithdrawn = (
  previousState: ClaimWithdrawn['data']['previousState'] = 'submitted',
): ClaimWithdrawn => ({
  type: 'ClaimWithdrawn',
  data: {
    claimId,
    reason: 'Customer fixed it',
    previousState,
    by: retailerUser,
    at: '2026-02-22T08:00:00.000Z',
  },
});

/** A history that leaves the claim in each state (approved for a repair). */
export const histories: Record<ClaimStatus, ClaimEvent[]> = {
  submitted: [claimFiled()],
  under_review: [claimFiled(), reviewStarted()],
  info_requested: [claimFiled(), reviewStarted(), infoRequested],
  approved: [claimFiled(), reviewStarted(), claimApproved()],
  rejected: [claimFiled(), reviewStarted(), claimRejected()],
  appealed: [claimFiled(), reviewStarted(), claimRejected(), claimAppealed],
  in_fulfilment: [claimFiled(), reviewStarted(), claimApproved(), fulfilmentStarted],
  resolved: [
    claimFiled(),
    reviewStarted(),
    claimApproved(),
    fulfilmentStarted,
    claimResolved({ at: '2026-02-28T09:00:00.000Z' }),
  ],
  closed: [
    claimFiled(),
    reviewStarted(),
    claimApproved(),
    fulfilmentStarted,
    claimResolved(),
    claimClosed('resolved'),
  ],
  withdrawn: [claimFiled(), claimWithdrawn()],
};

export const startReview: StartReview = { type: 'StartReview', claimId, by: reviewer, at: now };

export function requestInfo(overrides: Partial<RequestInfo> = {}): RequestInfo {
  return {
    type: 'RequestInfo',
    claimId,
    question: 'Please send a photo of the rating plate',
    dueBy: '2026-03-08T17:00:00.000Z',
    by: reviewer,
    at: now,
    ...overrides,
  };
}

export function provideInfo(overrides: Partial<ProvideInfo> = {}): ProvideInfo {
  return {
    type: 'ProvideInfo',
    claimId,
    answer: 'Attached',
    attachments: [photo],
    by: retailerUser,
    at: now,
    ...overrides,
  };
}

export function approveClaim(overrides: Partial<ApproveClaim> = {}): ApproveClaim {
  return {
    type: 'ApproveClaim',
    claimId,
    resolution: 'repair',
    approvedAmount: null,
    goodwill: false,
    notes: '',
    buyBack: nothingBoughtBack,
    decidedBy: reviewer,
    at: now,
    ...overrides,
  };
}

export function rejectClaim(overrides: Partial<RejectClaim> = {}): RejectClaim {
  return {
    type: 'RejectClaim',
    claimId,
    reasonCode: 'misuse',
    notes: 'Detergent residue shows overdosing',
    decidedBy: reviewer,
    at: now,
    ...overrides,
  };
}

export const appealRejection: AppealRejection = {
  type: 'AppealRejection',
  claimId,
  grounds: 'The customer uses the dosing cup',
  by: retailerUser,
  at: now,
};

export const withdrawClaim: WithdrawClaim = {
  type: 'WithdrawClaim',
  claimId,
  reason: 'Customer fixed it',
  by: retailerUser,
  at: now,
};

export function startFulfilment(overrides: Partial<StartFulfilment> = {}): StartFulfilment {
  return {
    type: 'StartFulfilment',
    claimId,
    rmaId: 'rma-1',
    by: 'fulfilment-workflow',
    at: now,
    ...overrides,
  };
}

export function resolveClaim(overrides: Partial<ResolveClaim> = {}): ResolveClaim {
  return {
    type: 'ResolveClaim',
    claimId,
    outcome: 'repaired',
    rmaId: null,
    repairOrderId: 'ro-1',
    by: 'fulfilment-workflow',
    at: now,
    ...overrides,
  };
}

export const closeClaim: CloseClaim = { type: 'CloseClaim', claimId, by: reviewer, at: now };

/** One ordinary instance of every command but FileClaim. */
export const transitionCommands = {
  StartReview: startReview,
  RequestInfo: requestInfo(),
  ProvideInfo: provideInfo(),
  ApproveClaim: approveClaim(),
  RejectClaim: rejectClaim(),
  AppealRejection: appealRejection,
  WithdrawClaim: withdrawClaim,
  StartFulfilment: startFulfilment(),
  ResolveClaim: resolveClaim(),
  CloseClaim: closeClaim,
} satisfies Record<Exclude<ClaimCommand['type'], 'FileClaim'>, ClaimCommand>;
