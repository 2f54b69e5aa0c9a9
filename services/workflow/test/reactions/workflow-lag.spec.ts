import { WorkflowLag } from '../../src/reactions/workflow-lag';

describe('the workflow’s lag, for readiness', () => {
  let head: bigint | undefined;
  let handledUpTo: bigint;
  const lag = () =>
    new WorkflowLag(
      async () => head,
      async (position) => handledUpTo >= position,
    );

  beforeEach(() => {
    jest.useFakeTimers({ now: 0 });
    [head, handledUpTo] = [undefined, 0n];
  });
  afterEach(() => jest.useRealTimers());

  it('is 0 on an empty log and while caught up', async () => {
    const workflow = lag();
    expect(await workflow.behindMs()).toBe(0);
    [head, handledUpTo] = [5n, 5n];
    expect(await workflow.behindMs()).toBe(0);
  });

  it('counts from when it first saw a head it has not reached, while it stays short of it', async () => {
    const workflow = lag();
    head = 5n;
    expect(await workflow.behindMs()).toBe(0);
    jest.setSystemTime(40_000);
    head = 9n;
    expect(await workflow.behindMs()).toBe(40_000);
  });

  it('starts again at the newer head once it reached the one it was behind', async () => {
    const workflow = lag();
    head = 5n;
    await workflow.behindMs();
    jest.setSystemTime(40_000);
    [head, handledUpTo] = [9n, 5n];
    expect(await workflow.behindMs()).toBe(0);
    jest.setSystemTime(41_000);
    expect(await workflow.behindMs()).toBe(1_000);
    handledUpTo = 9n;
    expect(await workflow.behindMs()).toBe(0);
  });
});
