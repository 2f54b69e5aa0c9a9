import { fold, IllegalStateError, RuleViolationError } from '@warranty/eventsourcing';
import { deciderSpecification } from '@warranty/testing';
import { claimDecider } from '../../src/domain/claim.decider';
import type { ClaimEvent } from '../../src/domain/events';
import {
  claimApproved,
  claimFiled,
  claimResolved,
  fulfilmentStarted,
  histories,
  now,
  resolveClaim,
  reviewStarted,
  startFulfilment,
} from './fixtures';

const spec = deciderSpecification(claimDecider);

const approvedFor = (resolution: 'refund' | 'credit' | 'replace'): ClaimEvent[] => [
  claimFiled(),
  reviewStarted(),
  claimApproved({
    resolution,
    approvedAmount: resolution === 'replace' ? null : { amount: 79_900, currency: 'EUR' },
  }),
];

describe('StartFulfilment', () => {
  it('starts fulfilling an approved claim when its RMA is authorized', () => {
    spec
      .given(histories.approved)
      .when(startFulfilment())
      .then([{ ...fulfilmentStarted, data: { ...fulfilmentStarted.data, at: now } }]);
    expect(fold(claimDecider, histories.in_fulfilment)).toMatchObject({
      status: 'in_fulfilment',
      fulfilment: { rmaId: 'rma-1', resolution: 'repair' },
    });
  });

  it('also fulfils a refund through an RMA when the unit must come back', () => {
    spec
      .given(approvedFor('refund'))
      .when(startFulfilment())
      .then([
        {
          ...fulfilmentStarted,
          data: { ...fulfilmentStarted.data, resolution: 'refund', at: now },
        },
      ]);
  });

  it('changes nothing when the workflow redelivers the same RMA', () => {
    spec.given(histories.in_fulfilment).when(startFulfilment()).thenNothing();
  });

  it('refuses another RMA once fulfilment started', () => {
    spec
      .given(histories.in_fulfilment)
      .when(startFulfilment({ rmaId: 'rma-2' }))
      .thenThrows<IllegalStateError>(IllegalStateError, (e) => {
        expect(e.state).toBe('in_fulfilment');
        expect(e.code).toBe('illegal-transition');
      });
  });

  it('needs the RMA id', () => {
    spec
      .given(histories.approved)
      .when(startFulfilment({ rmaId: ' ' }))
      .thenThrows<RuleViolationError>(RuleViolationError, (e) =>
        expect(e.code).toBe('rma-required'),
      );
  });
});

describe('ResolveClaim', () => {
  it('resolves a fulfilment with the RMA it started with and the repair order', () => {
    spec
      .given(histories.in_fulfilment)
      .when(resolveClaim())
      .then([claimResolved({ at: now })]);
    spec
      .given(histories.in_fulfilment)
      .when(resolveClaim({ rmaId: 'rma-1', repairOrderId: null, outcome: 'replaced' }))
      .then([claimResolved({ outcome: 'replaced', repairOrderId: null, at: now })]);
  });

  it('refuses another RMA than the fulfilment one', () => {
    spec
      .given(histories.in_fulfilment)
      .when(resolveClaim({ rmaId: 'rma-9' }))
      .thenThrows<RuleViolationError>(RuleViolationError, (e) =>
        expect(e.code).toBe('rma-mismatch'),
      );
  });

  it('refuses an unknown outcome', () => {
    spec
      .given(histories.in_fulfilment)
      .when(resolveClaim({ outcome: 'lost' as never }))
      .thenThrows<RuleViolationError>(RuleViolationError, (e) =>
        expect(e.code).toBe('invalid-outcome'),
      );
  });

  it.each([
    ['refund', 'refunded'],
    ['credit', 'credited'],
  ] as const)('resolves an approved %s directly, with no RMA', (resolution, outcome) => {
    spec
      .given(approvedFor(resolution))
      .when(resolveClaim({ outcome, repairOrderId: null }))
      .then([claimResolved({ outcome, rmaId: null, repairOrderId: null, at: now })]);
  });

  it('refuses a direct resolution whose outcome is not the approved one', () => {
    spec
      .given(approvedFor('refund'))
      .when(resolveClaim({ outcome: 'credited', repairOrderId: null }))
      .thenThrows<RuleViolationError>(RuleViolationError, (e) =>
        expect(e.code).toBe('outcome-mismatch'),
      );
  });

  it.each(['repair', 'replace'] as const)(
    'refuses to resolve an approved %s before its fulfilment started',
    (resolution) => {
      spec
        .given(resolution === 'repair' ? histories.approved : approvedFor(resolution))
        .when(resolveClaim({ outcome: 'replaced' }))
        .thenThrows<IllegalStateError>(IllegalStateError, (e) => {
          expect(e.state).toBe('approved');
          expect(e.code).toBe('fulfilment-required');
          expect(e.message).toContain('approved');
        });
    },
  );

  it('changes nothing when the same resolution is redelivered, refuses a different one', () => {
    spec
      .given(histories.resolved)
      .when(resolveClaim({ at: '2026-03-02T00:00:00Z' }))
      .thenNothing();
    spec
      .given(histories.resolved)
      .when(resolveClaim({ outcome: 'replaced' }))
      .thenThrows<IllegalStateError>(IllegalStateError, (e) => {
        expect(e.state).toBe('resolved');
        expect(e.code).toBe('illegal-transition');
      });
  });

  it('records the resolution', () => {
    expect(fold(claimDecider, histories.resolved)).toMatchObject({
      status: 'resolved',
      resolution: { outcome: 'repaired', rmaId: 'rma-1', repairOrderId: 'ro-1' },
    });
  });
});
