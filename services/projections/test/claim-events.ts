import { randomUUID } from 'node:crypto';
import type { EventToAppend } from '@warranty/event-store';
import type {
  ClaimApproved,
  ClaimEvent,
  ClaimFiled,
  ClaimRejected,
  ClaimResolved,
  ReviewFlag,
} from '@warranty/contracts/claims';

export interface ClaimParties {
  retailerId: string;
  manufacturerId: string;
}

export interface TestClaim extends ClaimParties {
  claimId: string;
  stream: string;
}

/** A fresh claim id and its stream, `claim-{uuid}`. */
export function newClaim(parties: ClaimParties): TestClaim {
  const claimId = randomUUID();
  return { ...parties, claimId, stream: `claim-${claimId}` };
}

export function claimFiled(
  claim: TestClaim,
  overrides: Partial<ClaimFiled['data']> = {},
): ClaimFiled {
  return {
    type: 'ClaimFiled',
    data: {
      claimId: claim.claimId,
      retailerId: claim.retailerId,
      manufacturerId: claim.manufacturerId,
      serialNumber: 'SN-001',
      productId: `${claim.manufacturerId}~SN-001`,
      model: 'WM-9000',
      productCategory: 'washing_machine',
      purchaseDate: '2026-01-10',
      failureDate: '2026-02-20',
      defect: { category: 'door seal', description: 'Leaks water during the spin cycle' },
      evidence: [
        {
          kind: 'photo',
          uri: 'https://files.example.com/door.jpg',
          sha256: 'a'.repeat(64),
          sizeBytes: 482_113,
        },
      ],
      customer: { name: 'Alice Martin', email: 'alice@example.com' },
      requestedResolution: 'repair',
      proofOfPurchase: null,
      coverage: {
        covered: true,
        planCode: 'STD-24',
        endDate: '2028-01-09',
        reason: null,
        source: 'registration',
      },
      flags: [] as ReviewFlag[],
      filedAt: '2026-02-21T08:30:00.000Z',
      ...overrides,
    },
  };
}

/** The other claim events, each at a given instant. */
export const claimEvents = (claim: TestClaim) => {
  const { claimId } = claim;
  return {
    reviewStarted: (
      at: string,
      previousState: 'submitted' | 'appealed' | 'info_requested' = 'submitted',
    ): ClaimEvent => ({
      type: 'ClaimReviewStarted',
      data: { claimId, previousState, by: 'reviewer-7', at },
    }),
    infoRequested: (at: string, dueBy: string): ClaimEvent => ({
      type: 'ClaimInfoRequested',
      data: {
        claimId,
        question: 'Please send a photo of the rating plate',
        dueBy,
        by: 'reviewer-7',
        at,
      },
    }),
    infoProvided: (at: string): ClaimEvent => ({
      type: 'ClaimInfoProvided',
      data: { claimId, answer: 'Attached', attachments: [], by: 'shop-user', at },
    }),
    approved: (at: string, overrides: Partial<ClaimApproved['data']> = {}): ClaimEvent => ({
      type: 'ClaimApproved',
      data: {
        claimId,
        resolution: 'repair',
        approvedAmount: null,
        goodwill: false,
        notes: '',
        decidedBy: 'reviewer-7',
        at,
        ...overrides,
      },
    }),
    rejected: (at: string, overrides: Partial<ClaimRejected['data']> = {}): ClaimEvent => ({
      type: 'ClaimRejected',
      data: {
        claimId,
        reasonCode: 'misuse',
        notes: 'Detergent residue shows overdosing',
        final: false,
        decidedBy: 'reviewer-7',
        at,
        ...overrides,
      },
    }),
    appealed: (at: string): ClaimEvent => ({
      type: 'ClaimAppealed',
      data: { claimId, grounds: 'The customer uses the dosing cup', by: 'shop-user', at },
    }),
    withdrawn: (at: string): ClaimEvent => ({
      type: 'ClaimWithdrawn',
      data: {
        claimId,
        reason: 'Customer fixed it',
        previousState: 'under_review',
        by: 'shop-user',
        at,
      },
    }),
    fulfilmentStarted: (at: string, rmaId = 'rma-1'): ClaimEvent => ({
      type: 'ClaimFulfilmentStarted',
      data: { claimId, resolution: 'repair', rmaId, by: 'fulfilment-workflow', at },
    }),
    resolved: (at: string, overrides: Partial<ClaimResolved['data']> = {}): ClaimEvent => ({
      type: 'ClaimResolved',
      data: {
        claimId,
        outcome: 'repaired',
        rmaId: null,
        repairOrderId: 'ro-1',
        by: 'fulfilment-workflow',
        at,
        ...overrides,
      },
    }),
    closed: (at: string, finalState: 'resolved' | 'rejected' = 'resolved'): ClaimEvent => ({
      type: 'ClaimClosed',
      data: { claimId, finalState, by: 'reviewer-7', at },
    }),
  };
};

/** As the claims command handler stores it: the domain event with its envelope metadata. */
export function storedClaimEvent(
  event: ClaimEvent | { type: string; data: Record<string, unknown> },
  parties: ClaimParties,
): EventToAppend {
  return {
    id: randomUUID(),
    type: event.type,
    data: event.data as unknown as Record<string, unknown>,
    metadata: {
      tenants: { retailer: parties.retailerId, manufacturer: parties.manufacturerId },
      actor: { id: 'key-1', role: 'retailer', tenantId: parties.retailerId },
      correlationId: randomUUID(),
      causationId: randomUUID(),
      schemaVersion: 1,
      occurredAt: '2026-02-21T08:30:00.000Z',
    },
  };
}
