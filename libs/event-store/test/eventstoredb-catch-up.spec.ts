import { CatchUpProbe } from '../src/eventstoredb/catch-up-probe';

/** A store whose deliverable positions the test sets, counting how often it is asked. */
function fakeStore(deliverable: bigint[]) {
  const store = {
    asked: 0,
    deliverable,
    next: async (after?: bigint) => {
      store.asked++;
      return store.deliverable.find((p) => after === undefined || p > after);
    },
  };
  return store;
}

describe('EventStoreDB catch-up probe (caughtUpTo)', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => {
    now = 1_000;
  });

  it('answers from its own progress without asking the store', async () => {
    const store = fakeStore([10n]);
    const probe = new CatchUpProbe(store.next, undefined, clock);
    probe.handledAt(10n);
    expect(await probe.caughtUpTo(10n)).toBe(true);
    expect(await probe.caughtUpTo(3n)).toBe(true);
    expect(store.asked).toBe(0);
  });

  it('a fresh subscription asks from the start of the log, not from -1', async () => {
    const seen: Array<bigint | undefined> = [];
    const probe = new CatchUpProbe(
      async (after) => {
        seen.push(after);
        return undefined;
      },
      undefined,
      clock,
    );
    expect(await probe.caughtUpTo(5n)).toBe(true);
    expect(seen).toEqual([undefined]);
  });

  it('is caught up when everything up to the position was filtered out, and remembers it', async () => {
    const store = fakeStore([100n]);
    const probe = new CatchUpProbe(store.next, 4n, clock);
    expect(await probe.caughtUpTo(50n)).toBe(true);
    expect(await probe.caughtUpTo(99n)).toBe(true);
    expect(store.asked).toBe(1);
    expect(await probe.caughtUpTo(100n)).toBe(false);
  });

  it('does not spin: while an event is still to be handled, it asks with a growing pause', async () => {
    const store = fakeStore([20n]);
    const probe = new CatchUpProbe(store.next, 10n, clock);
    // A reader polling every 10 ms for 2 s.
    for (let elapsed = 0; elapsed < 2_000; elapsed += 10) {
      expect(await probe.caughtUpTo(20n)).toBe(false);
      now += 10;
    }
    // 10, 20, 40, ... ms apart, then every 500 ms: a handful, not 200.
    expect(store.asked).toBeLessThanOrEqual(10);
    expect(store.asked).toBeGreaterThanOrEqual(4);
  });

  it('asks again at once after progress, so a wait ends as soon as it can', async () => {
    const store = fakeStore([20n, 30n]);
    const probe = new CatchUpProbe(store.next, 10n, clock);
    expect(await probe.caughtUpTo(25n)).toBe(false);
    expect(await probe.caughtUpTo(25n)).toBe(false);
    expect(store.asked).toBe(1);
    probe.handledAt(20n);
    expect(await probe.caughtUpTo(25n)).toBe(true);
    expect(store.asked).toBe(2);
  });

  it('asks once for concurrent waiters', async () => {
    let release: (value: bigint | undefined) => void = () => undefined;
    let asked = 0;
    const probe = new CatchUpProbe(
      () => {
        asked++;
        return new Promise((resolve) => (release = resolve));
      },
      1n,
      clock,
    );
    const first = probe.caughtUpTo(5n);
    expect(await probe.caughtUpTo(5n)).toBe(false);
    release(undefined);
    expect(await first).toBe(true);
    expect(asked).toBe(1);
  });
});
