import { StatementGroups } from '../src/statement-groups';

/** A statement the test answers by hand, recording the inputs of every run. */
function manualStatement() {
  const runs: Array<{ inputs: string[]; answer(fail?: Error): void }> = [];
  const run = (inputs: readonly string[]) =>
    new Promise<string[]>((resolve, reject) => {
      runs.push({
        inputs: [...inputs],
        answer: (fail) => (fail ? reject(fail) : resolve(inputs.map((i) => `done ${i}`))),
      });
    });
  return { runs, run };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('StatementGroups', () => {
  it('runs a lone call at once and groups the calls that arrive while it is in flight', async () => {
    const { runs, run } = manualStatement();
    const groups = new StatementGroups(run, { key: (i: string) => i, maxInFlight: 1 });
    const first = groups.submit('a');
    await settled();
    expect(runs.map((r) => r.inputs)).toEqual([['a']]);
    const rest = ['b', 'c', 'd'].map((i) => groups.submit(i));
    await settled();
    expect(runs).toHaveLength(1);
    runs[0].answer();
    await expect(first).resolves.toBe('done a');
    await settled();
    expect(runs.map((r) => r.inputs)).toEqual([['a'], ['b', 'c', 'd']]);
    runs[1].answer();
    await expect(Promise.all(rest)).resolves.toEqual(['done b', 'done c', 'done d']);
  });

  it('never puts two calls with one key in a statement, nor runs them side by side', async () => {
    const { runs, run } = manualStatement();
    const groups = new StatementGroups(run, { key: (i: string) => i[0], maxInFlight: 2 });
    const calls = ['a1', 'a2', 'b1'].map((i) => groups.submit(i));
    await settled();
    expect(runs.map((r) => r.inputs)).toEqual([['a1'], ['b1']]);
    runs[0].answer();
    runs[1].answer();
    await settled();
    await settled();
    expect(runs.map((r) => r.inputs)).toEqual([['a1'], ['b1'], ['a2']]);
    runs[2].answer();
    await expect(Promise.all(calls)).resolves.toEqual(['done a1', 'done a2', 'done b1']);
  });

  it('runs each call of a failed group alone, so only the call that fails again is refused', async () => {
    const run = jest.fn(async (inputs: readonly string[]) => {
      if (inputs.includes('bad')) throw new Error(`refused ${inputs.join(',')}`);
      return inputs.map((i) => `done ${i}`);
    });
    const groups = new StatementGroups(run, { key: (i: string) => i, maxInFlight: 1 });
    const blocker = groups.submit('first');
    const calls = ['x', 'bad', 'y'].map((i) => groups.submit(i));
    await blocker;
    const outcomes = await Promise.allSettled(calls);
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : String(o.reason)))).toEqual([
      'done x',
      'Error: refused bad',
      'done y',
    ]);
    expect(run.mock.calls.map(([inputs]) => inputs)).toEqual([
      ['first'],
      ['x', 'bad', 'y'],
      ['x'],
      ['bad'],
      ['y'],
    ]);
  });

  it('splits a queue longer than maxGroup', async () => {
    const run = jest.fn(async (inputs: readonly number[]) => inputs.map((i) => i * 2));
    const groups = new StatementGroups(run, { key: String, maxInFlight: 1, maxGroup: 3 });
    const doubled = await Promise.all([1, 2, 3, 4, 5, 6, 7].map((i) => groups.submit(i)));
    expect(doubled).toEqual([2, 4, 6, 8, 10, 12, 14]);
    expect(run.mock.calls.map(([inputs]) => inputs)).toEqual([[1], [2, 3, 4], [5, 6, 7]]);
  });
});

describe('StatementGroups with gatherTurn', () => {
  it('sends the calls of one turn of the event loop in one statement, and calls with one key together', async () => {
    const run = jest.fn(async (inputs: readonly string[]) => inputs.map((i) => `done ${i}`));
    const groups = new StatementGroups(run, { gatherTurn: true });
    const answers = await Promise.all(['a', 'b', 'a'].map((i) => groups.submit(i)));
    expect(answers).toEqual(['done a', 'done b', 'done a']);
    expect(run.mock.calls.map(([inputs]) => inputs)).toEqual([['a', 'b', 'a']]);
  });
});
