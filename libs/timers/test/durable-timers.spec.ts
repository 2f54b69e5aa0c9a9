import type { Pool } from 'pg';
import { PostgresEventStore, StreamNotFoundError } from '@warranty/event-store';
import {
  type Actor,
  CommandHandler,
  type Decider,
  FixedClock,
  uuidGenerator,
} from '@warranty/eventsourcing';
import { createPool } from '@warranty/platform/database';
import { createTestDatabase, type TestDatabase, waitUntil } from '@warranty/testing';
import {
  DurableTimers,
  type TimerFiring,
  type TimerHandler,
  TimerLoop,
  type TimersOptions,
  timerStream,
} from '../src';

/** A target that counts every command it decides: only the command id keeps a repeat from counting. */
type TallyEvent = { type: 'Counted'; data: { by: string } };
const tallyDecider: Decider<{ type: 'count'; by: string }, TallyEvent, number> = {
  initialState: 0,
  decide: (command) => [{ type: 'Counted', data: { by: command.by } }],
  evolve: (count) => count + 1,
};
const actor: Actor = { id: 'timers-test', role: 'system', tenantId: 'acme' };
const HOUR = 3_600_000;

describe('DurableTimers on PostgreSQL', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let clock: FixedClock;
  let opened: { pool: Pool; store: PostgresEventStore }[];

  const tallyHandler = (on: PostgresEventStore): TimerHandler => {
    const tally = new CommandHandler(on, tallyDecider, clock, uuidGenerator, {
      tenants: () => ({}),
    });
    return async (firing: TimerFiring) => {
      await tally.handle(
        firing.streamId,
        { type: 'count', by: firing.timerId },
        { actor, correlationId: firing.correlationId, commandId: firing.commandId },
      );
    };
  };

  /** A poller as a fresh process would start one: its own pool and store connection. */
  async function startTimers(
    handler?: (on: PostgresEventStore) => TimerHandler,
    options: TimersOptions = {},
  ): Promise<DurableTimers> {
    const pool = createPool(database.url, 4);
    const own = await PostgresEventStore.connect({ connectionString: database.url, poolSize: 4 });
    opened.push({ pool, store: own });
    const timers = await DurableTimers.create(
      { pool, store: own, clock, ids: uuidGenerator },
      options,
    );
    return timers.on('count', (handler ?? tallyHandler)(own));
  }

  const countsOn = async (streamId: string): Promise<number> =>
    (
      await store
        .readStream(streamId)
        .catch((e) => (e instanceof StreamNotFoundError ? [] : Promise.reject(e)))
    ).length;
  const typesOf = async (timerId: string): Promise<string[]> =>
    (await store.readStream(timerStream(timerId))).map((e) => e.type);
  const target = (streamId: string) => ({ streamId, command: { type: 'count' } });

  beforeEach(async () => {
    database = await createTestDatabase('timers');
    store = await PostgresEventStore.connect({ connectionString: database.url, poolSize: 4 });
    clock = new FixedClock(new Date('2026-03-01T10:00:00.000Z'));
    opened = [];
  });
  afterEach(async () => {
    for (const { pool, store: own } of opened) {
      await own.close();
      await pool.end();
    }
    await store.close();
    await database.drop();
  });

  it('fires once when the clock reaches the due instant, not before', async () => {
    const timers = await startTimers();
    await timers.schedule({
      timerId: 'expiry-1',
      dueAt: new Date(clock.now().getTime() + HOUR),
      target: target('tally-1'),
    });

    expect((await timers.tick()).fired).toEqual([]);
    clock.advance(HOUR - 1);
    expect((await timers.tick()).fired).toEqual([]);
    expect(await countsOn('tally-1')).toBe(0);

    clock.advance(1);
    expect((await timers.tick()).fired).toEqual(['expiry-1']);
    clock.advance(HOUR);
    expect((await timers.tick()).fired).toEqual([]);

    expect(await countsOn('tally-1')).toBe(1);
    expect(await typesOf('expiry-1')).toEqual(['TimerScheduled', 'TimerFired']);
    expect((await timers.status('expiry-1')).status).toBe('fired');
  });

  it('fires each timer once when two pollers run at the same time', async () => {
    const dispatched = new Map<string, number>();
    const counting = () => async (firing: TimerFiring) => {
      dispatched.set(firing.timerId, (dispatched.get(firing.timerId) ?? 0) + 1);
    };
    const a = await startTimers(counting, { batchSize: 3 });
    const b = await startTimers(counting, { batchSize: 3 });
    const ids = Array.from({ length: 30 }, (_, i) => `t-${i}`);
    for (const timerId of ids)
      await a.schedule({ timerId, dueAt: clock.now(), target: target(`tally-${timerId}`) });

    const reports = await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);

    expect(reports.flatMap((r) => r.fired).sort()).toEqual([...ids].sort());
    expect([...dispatched.values()].every((n) => n === 1)).toBe(true);
    expect(dispatched.size).toBe(30);
  });

  it('fires after a restart between scheduling and the due instant', async () => {
    const before = await startTimers();
    await before.schedule({
      timerId: 'expiry-2',
      dueAt: new Date(clock.now().getTime() + HOUR),
      target: target('tally-2'),
    });
    const { pool, store: own } = opened.pop()!;
    await own.close();
    await pool.end();

    const after = await startTimers();
    clock.advance(HOUR);
    expect((await after.tick()).fired).toEqual(['expiry-2']);
    expect(await countsOn('tally-2')).toBe(1);
  });

  it('applies the effect once when a poller dies after dispatching and before recording the firing', async () => {
    const dying = await startTimers((own) => {
      const apply = tallyHandler(own);
      // The effect lands, then the process is gone: the firing is never recorded.
      return async (firing) => {
        await apply(firing);
        await new Promise<never>(() => undefined);
      };
    });
    await dying.schedule({ timerId: 'expiry-3', dueAt: clock.now(), target: target('tally-3') });
    void dying.tick();
    await waitUntil(async () => (await countsOn('tally-3')) === 1);

    const restarted = await startTimers(undefined, { leaseMs: 60_000 });
    expect((await restarted.tick()).fired).toEqual([]); // still leased to the dead poller
    clock.advance(60_000);
    expect((await restarted.tick()).fired).toEqual(['expiry-3']);

    expect(await countsOn('tally-3')).toBe(1);
    expect(await typesOf('expiry-3')).toEqual(['TimerScheduled', 'TimerFired']);
  });

  it('fires a timer whose event was appended but whose row was never written', async () => {
    const timers = await startTimers();
    await store.append(
      timerStream('expiry-4'),
      [
        {
          type: 'TimerScheduled',
          data: {
            timerId: 'expiry-4',
            dueAt: clock.now().toISOString(),
            target: target('tally-4'),
            correlationId: 'corr-4',
            tenants: {},
          },
        },
      ],
      'no_stream',
    );

    // The catch-up reads the global log, which may hold back behind other suites' open
    // transactions for a moment: tick until it sees the event, then it fires exactly once.
    const fired: string[] = [];
    await waitUntil(async () => {
      fired.push(...(await timers.tick()).fired);
      return fired.length > 0;
    });
    expect(fired).toEqual(['expiry-4']);
    expect((await timers.tick()).fired).toEqual([]);
    expect(await countsOn('tally-4')).toBe(1);
  });

  it('records one schedule when several processes schedule the same id at once', async () => {
    const [a, b] = [await startTimers(), await startTimers()];
    const timer = { timerId: 'expiry-10', dueAt: clock.now(), target: target('tally-10') };
    const statuses = await Promise.all([a, b, a, b].map((t) => t.schedule(timer)));

    expect(statuses).toEqual(['scheduled', 'scheduled', 'scheduled', 'scheduled']);
    expect(await typesOf('expiry-10')).toEqual(['TimerScheduled']);
  });

  it('never fires a cancelled timer', async () => {
    const timers = await startTimers();
    await timers.schedule({ timerId: 'expiry-5', dueAt: clock.now(), target: target('tally-5') });
    expect(await timers.cancel('expiry-5', 'unit received')).toBe('cancelled');
    expect(await timers.cancel('unknown')).toBeUndefined();

    clock.advance(HOUR);
    expect((await timers.tick()).fired).toEqual([]);
    expect(await countsOn('tally-5')).toBe(0);
    expect(await typesOf('expiry-5')).toEqual(['TimerScheduled', 'TimerCancelled']);
  });

  it('ignores a repeated schedule, moves to a new instant, and never re-arms a fired timer', async () => {
    const timers = await startTimers();
    const first = new Date(clock.now().getTime() + HOUR);
    const later = new Date(clock.now().getTime() + 2 * HOUR);
    const timer = { timerId: 'expiry-6', target: target('tally-6') };
    await timers.schedule({ ...timer, dueAt: first });
    await timers.schedule({ ...timer, dueAt: first.toISOString() });
    expect(await typesOf('expiry-6')).toEqual(['TimerScheduled']);

    await timers.schedule({ ...timer, dueAt: later });
    clock.set(first);
    expect((await timers.tick()).fired).toEqual([]);
    clock.set(later);
    expect((await timers.tick()).fired).toEqual(['expiry-6']);

    expect(await timers.schedule({ ...timer, dueAt: new Date(later.getTime() + HOUR) })).toBe(
      'fired',
    );
    clock.advance(2 * HOUR);
    expect((await timers.tick()).fired).toEqual([]);
    expect(await countsOn('tally-6')).toBe(1);
  });

  it('retries a failing command with backoff, then marks the timer failed and lists it', async () => {
    let calls = 0;
    const timers = await startTimers(
      () => async () => {
        calls++;
        throw new Error('target refused');
      },
      { retry: { maxAttempts: 3, firstBackoffMs: 1_000, maxBackoffMs: 10_000 } },
    );
    await timers.schedule({ timerId: 'expiry-7', dueAt: clock.now(), target: target('tally-7') });

    expect((await timers.tick()).retrying).toEqual(['expiry-7']);
    expect((await timers.tick()).retrying).toEqual([]); // backing off
    clock.advance(1_000);
    expect((await timers.tick()).retrying).toEqual(['expiry-7']);
    clock.advance(1_999);
    expect((await timers.tick()).failed).toEqual([]);
    clock.advance(1);
    expect((await timers.tick()).failed).toEqual(['expiry-7']);
    clock.advance(HOUR);
    await timers.tick();

    expect(calls).toBe(3);
    expect(await timers.failed()).toEqual([
      expect.objectContaining({
        timerId: 'expiry-7',
        attempts: 3,
        streamId: 'tally-7',
        lastError: 'Error: target refused',
      }),
    ]);
    expect(await typesOf('expiry-7')).toEqual([
      'TimerScheduled',
      'TimerAttemptFailed',
      'TimerAttemptFailed',
      'TimerFailed',
    ]);
  });

  it('leaves timers of command types it has no handler for to the poller that has one', async () => {
    const timers = await startTimers();
    await timers.schedule({
      timerId: 'sla-1',
      dueAt: clock.now(),
      target: { streamId: 'sla-x', command: { type: 'breachSla' } },
    });
    expect((await timers.tick()).fired).toEqual([]);
    expect((await timers.status('sla-1')).status).toBe('scheduled');
  });

  it('runs in the background until stopped', async () => {
    const timers = await startTimers();
    const loop = new TimerLoop(timers, 10);
    loop.start();
    await timers.schedule({ timerId: 'expiry-8', dueAt: clock.now(), target: target('tally-8') });
    await waitUntil(async () => (await timers.status('expiry-8')).status === 'fired');
    await loop.stop();

    await timers.schedule({ timerId: 'expiry-9', dueAt: clock.now(), target: target('tally-9') });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await timers.status('expiry-9')).status).toBe('scheduled');
  });
});
