import { DomainError } from '@warranty/eventsourcing';
import fc from 'fast-check';
import type { ClaimCommand } from '../../src/domain/claim.commands';
import { claimDecider } from '../../src/domain/claim.decider';
import type { ClaimState, ClaimStatus } from '../../src/domain/claim.state';
import {
  CLAIM_OUTCOMES,
  type ClaimEvent,
  type Evidence,
  REJECTION_REASONS,
  RESOLUTIONS,
} from '../../src/domain/events';
import { nothingBoughtBack } from '../../src/domain/unit-buy-back';
import { fileClaim } from './fixtures';

type ModelStatus = ClaimStatus | 'none';

/** The legal moves of SPEC 2.2, written independently of the decider. */
const NEXT: Record<ModelStatus, Partial<Record<ClaimEvent['type'], ClaimStatus>>> = {
  none: { ClaimFiled: 'submitted' },
  submitted: { ClaimReviewStarted: 'under_review', ClaimWithdrawn: 'withdrawn' },
  under_review: {
    ClaimInfoRequested: 'info_requested',
    ClaimApproved: 'approved',
    ClaimRejected: 'rejected',
    ClaimWithdrawn: 'withdrawn',
  },
  info_requested: {
    ClaimInfoProvided: 'under_review',
    ClaimReviewStarted: 'under_review',
    ClaimWithdrawn: 'withdrawn',
  },
  approved: { ClaimFulfilmentStarted: 'in_fulfilment', ClaimResolved: 'resolved' },
  rejected: { ClaimAppealed: 'appealed', ClaimClosed: 'closed' },
  appealed: { ClaimReviewStarted: 'under_review', ClaimWithdrawn: 'withdrawn' },
  in_fulfilment: { ClaimResolved: 'resolved' },
  resolved: { ClaimClosed: 'closed' },
  closed: {},
  withdrawn: {},
};

const claimId = 'clm-p';
const base = Date.parse('2026-03-01T00:00:00.000Z');
const HOUR = 3_600_000;
/** Instants within ten days, so information requests sometimes fall overdue. */
const instant = fc
  .integer({ min: 0, max: 240 })
  .map((h) => new Date(base + h * HOUR).toISOString());
const actor = fc.constantFrom('reviewer', 'retailer', 'workflow', ' ');
// Mostly a payout the unit's price allows, so sequences reach a direct resolution; sometimes any amount.
const money = fc.option(
  fc.oneof(
    {
      weight: 3,
      arbitrary: fc.record({
        amount: fc.constantFrom(500, 79_900, 129_900),
        currency: fc.constant('EUR'),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        amount: fc.constantFrom(0, 500, 79_900, 129_900, 129_901, 20_000_000, -1),
        currency: fc.constantFrom('EUR', 'USD', 'eur'),
      }),
    },
  ),
  { nil: null },
);

const file = fc
  .record({
    covered: fc.boolean(),
    requestedResolution: fc.constantFrom('repair' as const, 'replace' as const, 'refund' as const),
  })
  .map(({ covered, requestedResolution }): ClaimCommand =>
    fileClaim({
      claimId,
      requestedResolution,
      coverage: covered
        ? { covered, planCode: 'STD-24', endDate: '2028-01-09', reason: null }
        : { covered, planCode: 'STD-24', endDate: '2026-02-01', reason: 'expired' },
    }),
  );

const command: fc.Arbitrary<ClaimCommand> = fc.oneof(
  file,
  fc.record({
    type: fc.constant('StartReview' as const),
    claimId: fc.constant(claimId),
    by: actor,
    at: instant,
  }),
  fc
    .record({
      at: fc.integer({ min: 0, max: 240 }),
      due: fc.integer({ min: -2, max: 72 }),
      by: actor,
    })
    .map(({ at, due, by }): ClaimCommand => ({
      type: 'RequestInfo',
      claimId,
      question: 'Rating plate photo?',
      dueBy: new Date(base + (at + due) * HOUR).toISOString(),
      by,
      at: new Date(base + at * HOUR).toISOString(),
    })),
  fc.record({
    type: fc.constant('ProvideInfo' as const),
    claimId: fc.constant(claimId),
    answer: fc.constantFrom('Here it is', ''),
    attachments: fc.constant<Evidence[]>([]),
    by: actor,
    at: instant,
  }),
  fc.record({
    type: fc.constant('ApproveClaim' as const),
    claimId: fc.constant(claimId),
    resolution: fc.constantFrom(...RESOLUTIONS),
    approvedAmount: money,
    goodwill: fc.boolean(),
    notes: fc.constant(''),
    buyBack: fc.constant(nothingBoughtBack),
    decidedBy: actor,
    at: instant,
  }),
  fc.record({
    type: fc.constant('RejectClaim' as const),
    claimId: fc.constant(claimId),
    reasonCode: fc.constantFrom(...REJECTION_REASONS),
    notes: fc.constantFrom('', 'Seen on the photos'),
    decidedBy: actor,
    at: instant,
  }),
  fc.record({
    type: fc.constant('AppealRejection' as const),
    claimId: fc.constant(claimId),
    grounds: fc.constantFrom('Customer disagrees', ''),
    by: actor,
    at: instant,
  }),
  fc.record({
    type: fc.constant('WithdrawClaim' as const),
    claimId: fc.constant(claimId),
    reason: fc.constantFrom('Fixed itself', ''),
    by: actor,
    at: instant,
  }),
  fc.record({
    type: fc.constant('StartFulfilment' as const),
    claimId: fc.constant(claimId),
    rmaId: fc.constantFrom('rma-1', 'rma-2'),
    by: actor,
    at: instant,
  }),
  fc.record({
    type: fc.constant('ResolveClaim' as const),
    claimId: fc.constant(claimId),
    outcome: fc.constantFrom(...CLAIM_OUTCOMES),
    rmaId: fc.constantFrom(null, 'rma-1', 'rma-2'),
    repairOrderId: fc.constantFrom(null, 'ro-1'),
    by: actor,
    at: instant,
  }),
  fc.record({
    type: fc.constant('CloseClaim' as const),
    claimId: fc.constant(claimId),
    by: actor,
    at: instant,
  }),
);

const history = fc
  .tuple(file, fc.array(command, { maxLength: 60, size: 'max' }))
  .map(([first, rest]) => [first, ...rest]);

/** Runs commands as the handler would (refused commands write nothing) and checks every event. */
function run(commands: ClaimCommand[], reached: Set<string>): ClaimEvent[] {
  const log: ClaimEvent[] = [];
  let state: ClaimState = claimDecider.initialState;
  let model: ModelStatus = 'none';
  let appeals = 0;
  let covered = true;
  let approvedResolution: string | null = null;
  for (const next of commands) {
    let events: ClaimEvent[] = [];
    try {
      events = claimDecider.decide(next, state);
    } catch (error) {
      // Anything but a DomainError would surface as a 500.
      if (!(error instanceof DomainError)) throw error;
      continue;
    }
    expect(events.length).toBeLessThanOrEqual(1);
    for (const event of events) {
      const target: ClaimStatus | undefined = NEXT[model][event.type];
      if (target === undefined)
        throw new Error(`${event.type} after ${model}: ${JSON.stringify(log.map((e) => e.type))}`);
      switch (event.type) {
        case 'ClaimFiled':
          covered = event.data.coverage.covered;
          break;
        case 'ClaimApproved':
          if (!covered) expect(event.data.goodwill).toBe(true);
          if (event.data.resolution === 'refund' || event.data.resolution === 'credit') {
            // Never nothing, another currency or more than the unit's price (1299.00 EUR).
            expect(event.data.approvedAmount?.currency).toBe('EUR');
            expect(event.data.approvedAmount?.amount).toBeGreaterThan(0);
            expect(event.data.approvedAmount?.amount).toBeLessThanOrEqual(129_900);
          }
          if (event.data.approvedAmount) {
            expect(Number.isInteger(event.data.approvedAmount.amount)).toBe(true);
            expect(event.data.approvedAmount.amount).toBeGreaterThanOrEqual(0);
            expect(event.data.approvedAmount.currency).toMatch(/^[A-Z]{3}$/);
          }
          approvedResolution = event.data.resolution;
          break;
        case 'ClaimRejected':
          expect(event.data.final).toBe(appeals === 1);
          if (event.data.final) reached.add('final rejection');
          break;
        case 'ClaimAppealed':
          appeals++;
          break;
        case 'ClaimReviewStarted':
        case 'ClaimWithdrawn':
          expect(event.data.previousState).toBe(model);
          break;
        case 'ClaimResolved':
          if (model === 'approved') {
            expect(['refund', 'credit']).toContain(approvedResolution);
            reached.add('direct resolution');
          }
          break;
        case 'ClaimClosed':
          expect(event.data.finalState).toBe(model);
          break;
      }
      log.push(event);
      model = target;
      state = claimDecider.evolve(state, event);
      expect(state.status).toBe(model);
      reached.add(model);
    }
  }
  return log;
}

describe('claim decider properties', () => {
  it('only ever takes the transitions of the state machine', () => {
    const reached = new Set<string>();
    fc.assert(
      fc.property(history, (commands) => {
        const log = run(commands, reached);
        const types = log.map((e) => e.type);
        expect(types[0]).toBe('ClaimFiled');
        expect(types.filter((t) => t === 'ClaimFiled')).toHaveLength(1);
        expect(types.filter((t) => t === 'ClaimAppealed').length).toBeLessThanOrEqual(1);
        const end = types.findIndex((t) => t === 'ClaimClosed' || t === 'ClaimWithdrawn');
        expect(end === -1 || end === types.length - 1).toBe(true);
      }),
      // Enough runs that every goal below is reached on any seed (1000 missed one now and then).
      { numRuns: 5000 },
    );
    // The generator is good enough to get everywhere, so the checks above were exercised.
    for (const goal of [
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
      'final rejection',
      'direct resolution',
    ])
      expect(reached).toContain(goal);
  });

  it('refuses, with a conflict naming the state, every command on a closed or withdrawn claim', () => {
    fc.assert(
      fc.property(history, command, (commands, extra) => {
        const log = run(commands, new Set());
        const last = log[log.length - 1];
        fc.pre(last.type === 'ClaimClosed' || last.type === 'ClaimWithdrawn');
        const state = log.reduce(claimDecider.evolve, claimDecider.initialState);
        expect(() => claimDecider.decide(extra, state)).toThrow(
          expect.objectContaining({ kind: 'conflict', state: state.status }),
        );
      }),
      { numRuns: 300 },
    );
  });
});
