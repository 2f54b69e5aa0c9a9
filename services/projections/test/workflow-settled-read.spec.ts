import type { WorkflowProgress, WorkflowSettlement } from '@warranty/platform/workflow-progress';
import { workflowSettledRead } from '../src/queries/workflow-settled-read';

const answering = (settlement: WorkflowSettlement): WorkflowProgress => ({
  settledThrough: () => Promise.resolve(settlement),
});

describe('a case read waits for the workflow too', () => {
  it('raises minPosition to the last position the workflow wrote for it', async () => {
    const read = await workflowSettledRead(answering({ caughtUp: true, frontier: 15n }), {
      minPosition: 10n,
    });
    expect(read.minPosition).toBe(15n);
  });

  it('keeps minPosition when the workflow wrote nothing past it', async () => {
    const workflow = answering({ caughtUp: true, frontier: undefined });
    expect((await workflowSettledRead(workflow, { minPosition: 10n })).minPosition).toBe(10n);
  });

  it('tells the reader the answer is stale when the workflow did not get there in time', async () => {
    const onStale = jest.fn();
    const workflow = answering({ caughtUp: false, frontier: 12n, reached: 7n });
    const read = await workflowSettledRead(workflow, { minPosition: 10n, onStale });
    expect(onStale).toHaveBeenCalledWith(7n);
    expect(read.minPosition).toBe(12n);
  });

  it('asks nothing without a minPosition or without a workflow', async () => {
    const settledThrough = jest.fn();
    expect(await workflowSettledRead({ settledThrough }, {})).toEqual({});
    expect(settledThrough).not.toHaveBeenCalled();
    expect((await workflowSettledRead(undefined, { minPosition: 3n })).minPosition).toBe(3n);
  });
});
