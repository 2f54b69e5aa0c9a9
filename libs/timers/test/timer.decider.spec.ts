import { RuleViolationError } from '@warranty/eventsourcing';
import { deciderSpecification } from '@warranty/testing';
import { defaultRetryPolicy, retryAt } from '../src/retry-policy';
import { timerDecider, type TimerEvent } from '../src/timer.decider';

const schedule = {
  timerId: 'rma-expiry-1',
  dueAt: '2026-02-01T00:00:00.000Z',
  target: { streamId: 'rma-1', command: { type: 'expireRma', rmaId: '1' } },
  correlationId: 'corr-1',
  tenants: { manufacturer: 'acme' },
};
const scheduled: TimerEvent = { type: 'TimerScheduled', data: schedule };
const fired: TimerEvent = {
  type: 'TimerFired',
  data: { timerId: 'rma-expiry-1', firedAt: '2026-02-01T00:00:01.000Z', attempt: 1 },
};
const spec = deciderSpecification(timerDecider);

describe('timer decider', () => {
  it('schedules a new timer, normalising the instant to UTC', () => {
    spec
      .given([])
      .when({ type: 'schedule', ...schedule, dueAt: '2026-02-01T01:00:00+01:00' })
      .then([scheduled]);
  });

  it('treats the same instant and target (keys in any order) as a repeat', () => {
    spec
      .given([scheduled])
      .when({
        type: 'schedule',
        ...schedule,
        target: { command: { rmaId: '1', type: 'expireRma' }, streamId: 'rma-1' },
      })
      .thenNothing();
  });

  it('reschedules to another instant, naming the one it replaces', () => {
    spec
      .given([scheduled])
      .when({ type: 'schedule', ...schedule, dueAt: '2026-03-01T00:00:00.000Z' })
      .then([
        {
          type: 'TimerRescheduled',
          data: {
            ...schedule,
            dueAt: '2026-03-01T00:00:00.000Z',
            previousDueAt: '2026-02-01T00:00:00.000Z',
          },
        },
      ]);
  });

  it('re-arms a cancelled timer', () => {
    spec
      .given([
        scheduled,
        { type: 'TimerCancelled', data: { timerId: schedule.timerId, reason: 'x' } },
      ])
      .when({ type: 'schedule', ...schedule })
      .then([{ type: 'TimerRescheduled', data: { ...schedule, previousDueAt: schedule.dueAt } }]);
  });

  it('never re-arms a fired timer: its id is spent', () => {
    spec
      .given([scheduled, fired])
      .when({ type: 'schedule', ...schedule, dueAt: '2026-03-01T00:00:00.000Z' })
      .thenNothing();
  });

  it('refuses an instant that is not one', () => {
    spec
      .given([])
      .when({ type: 'schedule', ...schedule, dueAt: 'tomorrow' })
      .thenThrows(RuleViolationError);
  });

  it('cancels a scheduled timer, and a fired one stays fired', () => {
    spec
      .given([scheduled])
      .when({ type: 'cancel', reason: 'received' })
      .then([{ type: 'TimerCancelled', data: { timerId: schedule.timerId, reason: 'received' } }]);
    spec.given([scheduled, fired]).when({ type: 'cancel', reason: 'late' }).thenNothing();
  });

  it('records a firing once', () => {
    spec
      .given([scheduled])
      .when({ type: 'recordFiring', firedAt: '2026-02-01T00:00:01.000Z' })
      .then([fired]);
    spec
      .given([scheduled, fired])
      .when({ type: 'recordFiring', firedAt: '2026-02-01T00:00:09.000Z' })
      .thenNothing();
  });

  it('counts failed attempts, then fails when no retry is left', () => {
    const attempt: TimerEvent = {
      type: 'TimerAttemptFailed',
      data: {
        timerId: schedule.timerId,
        attempt: 1,
        error: 'boom',
        retryAt: '2026-02-01T00:00:02.000Z',
      },
    };
    spec
      .given([scheduled])
      .when({ type: 'recordFailure', error: 'boom', retryAt: '2026-02-01T00:00:02.000Z' })
      .then([attempt]);
    spec
      .given([scheduled, attempt])
      .when({ type: 'recordFailure', error: 'boom again' })
      .then([
        {
          type: 'TimerFailed',
          data: { timerId: schedule.timerId, attempts: 2, error: 'boom again' },
        },
      ]);
  });
});

describe('retry policy', () => {
  it('doubles the wait, caps it, and stops at the last attempt', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const policy = { maxAttempts: 4, firstBackoffMs: 1000, maxBackoffMs: 3000 };
    const waits = [1, 2, 3, 4].map((n) => retryAt(policy, n, now)?.getTime());
    expect(waits).toEqual([
      now.getTime() + 1000,
      now.getTime() + 2000,
      now.getTime() + 3000,
      undefined,
    ]);
    expect(retryAt(defaultRetryPolicy, defaultRetryPolicy.maxAttempts, now)).toBeUndefined();
  });
});
