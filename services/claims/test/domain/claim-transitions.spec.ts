import {
  AggregateNotFoundError,
  fold,
  IllegalStateError,
  RuleViolationError,
} from '@warranty/eventsourcing';
import { deciderSpecification } from '@warranty/testing';
import { claimDecider } from '../../src/domain/claim.decider';
import { CLAIM_STATUSES, type ClaimStatus } from '../../src/domain/claim.state';
import type { ClaimEvent } from '../../src/domain/events';
import {
  claimAppealed,
  claimClosed,
  claimFiled,
  claimId,
  claimRejected,
  claimResolved,
  claimWithdrawn,
  fileClaim,
  histories,
  infoProvided,
  now,
  provideInfo,
  requestInfo,
  reviewer,
  reviewStarted,
  startReview,
  transitionCommands,
  withdrawClaim,
} from './fixtures';

const spec = deciderSpecification(claimDecider);

type CommandType = keyof typeof transitionCommands;
const COMMANDS = Object.keys(transitionCommands) as CommandType[];

/**
 * What each ordinary command does in each state, written out independently of the decider:
 * an event type, `nothing` (an idempotent replay), or the code of the IllegalStateError.
 */
const x = 'illegal-transition';
const matrix: Record<ClaimStatus, Record<CommandType, string>> = {
  submitted: {
    StartReview: 'ClaimReviewStarted',
    RequestInfo: x,
    ProvideInfo: x,
    ApproveClaim: x,
    RejectClaim: x,
    AppealRejection: x,
    WithdrawClaim: 'ClaimWithdrawn',
    StartFulfilment: x,
    ResolveClaim: x,
    CloseClaim: x,
  },
  under_review: {
    StartReview: x,
    RequestInfo: 'ClaimInfoRequested',
    ProvideInfo: x,
    ApproveClaim: 'ClaimApproved',
    RejectClaim: 'ClaimRejected',
    AppealRejection: x,
    WithdrawClaim: 'ClaimWithdrawn',
    StartFulfilment: x,
    ResolveClaim: x,
    CloseClaim: x,
  },
  info_requested: {
    StartReview: 'info-pending',
    RequestInfo: x,
    ProvideInfo: 'ClaimInfoProvided',
    ApproveClaim: x,
    RejectClaim: x,
    AppealRejection: x,
    WithdrawClaim: 'ClaimWithdrawn',
    StartFulfilment: x,
    ResolveClaim: x,
    CloseClaim: x,
  },
  approved: {
    StartReview: x,
    RequestInfo: x,
    ProvideInfo: x,
    ApproveClaim: x,
    RejectClaim: x,
    AppealRejection: x,
    WithdrawClaim: x,
    StartFulfilment: 'ClaimFulfilmentStarted',
    ResolveClaim: 'fulfilment-required',
    CloseClaim: x,
  },
  rejected: {
    StartReview: x,
    RequestInfo: x,
    ProvideInfo: x,
    ApproveClaim: x,
    RejectClaim: x,
    AppealRejection: 'ClaimAppealed',
    WithdrawClaim: x,
    StartFulfilment: x,
    ResolveClaim: x,
    CloseClaim: 'ClaimClosed',
  },
  appealed: {
    StartReview: 'ClaimReviewStarted',
    RequestInfo: x,
    ProvideInfo: x,
    ApproveClaim: x,
    RejectClaim: x,
    AppealRejection: x,
    WithdrawClaim: 'ClaimWithdrawn',
    StartFulfilment: x,
    ResolveClaim: x,
    CloseClaim: x,
  },
  in_fulfilment: {
    StartReview: x,
    RequestInfo: x,
    ProvideInfo: x,
    ApproveClaim: x,
    RejectClaim: x,
    AppealRejection: x,
    WithdrawClaim: x,
    StartFulfilment: 'nothing',
    ResolveClaim: 'ClaimResolved',
    CloseClaim: x,
  },
  resolved: {
    StartReview: x,
    RequestInfo: x,
    ProvideInfo: x,
    ApproveClaim: x,
    RejectClaim: x,
    AppealRejection: x,
    WithdrawClaim: x,
    StartFulfilment: x,
    ResolveClaim: 'nothing',
    CloseClaim: 'ClaimClosed',
  },
  closed: Object.fromEntries(COMMANDS.map((c) => [c, 'claim-closed'])) as Record<
    CommandType,
    string
  >,
  withdrawn: Object.fromEntries(COMMANDS.map((c) => [c, 'claim-withdrawn'])) as Record<
    CommandType,
    string
  >,
};

const cases = CLAIM_STATUSES.flatMap((state) =>
  COMMANDS.map((command) => [state, command, matrix[state][command]] as const),
);

describe('the claim state machine', () => {
  it('has a history for every state', () => {
    for (const state of CLAIM_STATUSES)
      expect(fold(claimDecider, histories[state]).status).toBe(state);
  });

  it.each(cases.filter(([, , outcome]) => outcome.startsWith('Claim')))(
    'in %s, %s emits %s',
    (state, command, eventType) => {
      const events = claimDecider.decide(
        transitionCommands[command],
        fold(claimDecider, histories[state]),
      );
      expect(events.map((e) => e.type)).toEqual([eventType]);
    },
  );

  it.each(cases.filter(([, , outcome]) => outcome === 'nothing'))(
    'in %s, a replayed %s changes nothing',
    (state, command) => {
      spec.given(histories[state]).when(transitionCommands[command]).thenNothing();
    },
  );

  it.each(cases.filter(([, , outcome]) => !outcome.startsWith('Claim') && outcome !== 'nothing'))(
    'in %s, %s is refused with %s',
    (state, command, code) => {
      spec
        .given(histories[state])
        .when(transitionCommands[command])
        .thenThrows<IllegalStateError>(IllegalStateError, (e) => {
          expect(e.state).toBe(state);
          expect(e.code).toBe(code);
          expect(e.kind).toBe('conflict');
          expect(e.details).toMatchObject({ state });
          expect(e.message).toContain(state);
          expect(e.message).toContain(claimId);
        });
    },
  );

  it.each(COMMANDS)('refuses %s on a claim that was never filed as not found', (command) => {
    spec
      .given([])
      .when(transitionCommands[command])
      .thenThrows<AggregateNotFoundError>(AggregateNotFoundError, (e) =>
        expect(e.streamId).toBe('claim-clm-1'),
      );
  });

  it.each(CLAIM_STATUSES)('refuses to file a claim again once %s', (state) => {
    spec
      .given(histories[state])
      .when(fileClaim())
      .thenThrows<IllegalStateError>(IllegalStateError, (e) => {
        expect(e.state).toBe(state);
        expect(e.code).toBe('claim-already-filed');
      });
  });
});

describe('review and information requests', () => {
  it('starts the review of a submitted claim', () => {
    spec
      .given([claimFiled()])
      .when(startReview)
      .then([reviewStarted('submitted', now)]);
  });

  it('requests information with a due date', () => {
    spec
      .given(histories.under_review)
      .when(requestInfo())
      .then([
        {
          type: 'ClaimInfoRequested',
          data: {
            claimId,
            question: 'Please send a photo of the rating plate',
            dueBy: '2026-03-08T17:00:00.000Z',
            by: reviewer,
            at: now,
          },
        },
      ]);
  });

  it.each([
    ['due-by-not-after-request', { dueBy: now }],
    ['due-by-not-after-request', { dueBy: '2026-02-28T10:00:00.000Z' }],
    ['invalid-instant', { dueBy: '2026-03-08' }],
    ['invalid-instant', { at: 'yesterday' }],
    ['field-required', { question: '  ' }],
  ] as const)('refuses an information request with %s', (code, overrides) => {
    spec
      .given(histories.under_review)
      .when(requestInfo(overrides))
      .thenThrows<RuleViolationError>(RuleViolationError, (e) => expect(e.code).toBe(code));
  });

  it('returns to review when the information is provided, and may ask again', () => {
    spec.given(histories.info_requested).when(provideInfo()).then([infoProvided]);
    const afterAnswer = [...histories.info_requested, infoProvided];
    expect(fold(claimDecider, afterAnswer)).toMatchObject({
      status: 'under_review',
      infoRequest: null,
      infoRequests: 1,
    });
    spec
      .given(afterAnswer)
      .when(requestInfo({ question: 'And the receipt?' }))
      .then([
        {
          type: 'ClaimInfoRequested',
          data: {
            claimId,
            question: 'And the receipt?',
            dueBy: '2026-03-08T17:00:00.000Z',
            by: reviewer,
            at: now,
          },
        },
      ]);
  });

  it('accepts an answer made only of attachments, not an empty one', () => {
    spec
      .given(histories.info_requested)
      .when(provideInfo({ answer: ' ' }))
      .then([{ ...infoProvided, data: { ...infoProvided.data, answer: '' } }]);
    spec
      .given(histories.info_requested)
      .when(provideInfo({ answer: ' ', attachments: [] }))
      .thenThrows<RuleViolationError>(RuleViolationError, (e) => expect(e.code).toBe('info-empty'));
  });

  it('refuses malformed attachments', () => {
    spec
      .given(histories.info_requested)
      .when(provideInfo({ attachments: [{ ...infoProvided.data.attachments[0], sizeBytes: 0 }] }))
      .thenThrows<RuleViolationError>(RuleViolationError, (e) => {
        expect(e.code).toBe('invalid-evidence');
        expect(e.details).toEqual({ field: 'attachments[0].sizeBytes' });
      });
  });

  it('resumes the review without an answer once the due date has passed', () => {
    spec
      .given(histories.info_requested)
      .when({ ...startReview, at: '2026-03-05T17:00:00.000Z' })
      .then([reviewStarted('info_requested', '2026-03-05T17:00:00.000Z')]);
    spec
      .given(histories.info_requested)
      .when({ ...startReview, at: '2026-03-05T16:59:59.999Z' })
      .thenThrows<IllegalStateError>(IllegalStateError, (e) => {
        expect(e.state).toBe('info_requested');
        expect(e.code).toBe('info-pending');
        expect(e.details).toEqual({ state: 'info_requested', dueBy: '2026-03-05T17:00:00.000Z' });
      });
  });
});

describe('WithdrawClaim', () => {
  it.each(['submitted', 'under_review', 'info_requested', 'appealed'] as const)(
    'withdraws a claim that is %s, recording that state',
    (state) => {
      spec
        .given(histories[state])
        .when(withdrawClaim)
        .then([{ ...claimWithdrawn(state), data: { ...claimWithdrawn(state).data, at: now } }]);
    },
  );

  it('needs a reason', () => {
    spec
      .given(histories.submitted)
      .when({ ...withdrawClaim, reason: '' })
      .thenThrows<RuleViolationError>(RuleViolationError, (e) =>
        expect(e.code).toBe('reason-required'),
      );
  });

  it('leaves a withdrawn claim that accepts nothing', () => {
    const withdrawn = fold(claimDecider, histories.withdrawn);
    expect(withdrawn).toMatchObject({
      status: 'withdrawn',
      withdrawal: { reason: 'Customer fixed it', previousState: 'submitted' },
    });
  });
});

describe('CloseClaim', () => {
  it('closes a resolved claim', () => {
    spec
      .given(histories.resolved)
      .when(transitionCommands.CloseClaim)
      .then([{ ...claimClosed('resolved'), data: { ...claimClosed('resolved').data, at: now } }]);
  });

  it('closes a rejected claim, appealed or not', () => {
    const closed = {
      ...claimClosed('rejected'),
      data: { ...claimClosed('rejected').data, at: now },
    };
    spec.given(histories.rejected).when(transitionCommands.CloseClaim).then([closed]);
    spec
      .given([
        ...histories.appealed,
        reviewStarted('appealed'),
        claimRejected({ final: true, reasonCode: 'insufficient_evidence' }),
      ])
      .when(transitionCommands.CloseClaim)
      .then([closed]);
  });

  it('records the closure', () => {
    expect(
      fold(claimDecider, [...histories.rejected, claimClosed('rejected')] as ClaimEvent[]),
    ).toMatchObject({ status: 'closed', closure: { finalState: 'rejected', by: reviewer } });
  });
});

describe('timestamps and actors come from the command', () => {
  it.each([
    ['invalid-instant', { at: '' }],
    ['invalid-instant', { at: '2026-03-01 10:00' }],
    ['field-required', { by: ' ' }],
  ] as const)('refuses %s', (code, overrides) => {
    spec
      .given(histories.submitted)
      .when({ ...startReview, ...overrides })
      .thenThrows<RuleViolationError>(RuleViolationError, (e) => expect(e.code).toBe(code));
  });

  it('keeps the time of the latest event', () => {
    expect(fold(claimDecider, histories.resolved)).toMatchObject({
      updatedAt: claimResolved().data.at,
    });
    expect(fold(claimDecider, [...histories.rejected, claimAppealed])).toMatchObject({
      updatedAt: claimAppealed.data.at,
    });
  });
});
