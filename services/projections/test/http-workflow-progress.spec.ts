import { HttpWorkflowProgress } from '../src/adapters/http-workflow-progress';

describe('the workflow progress over HTTP', () => {
  it('answers not caught up, never an error, when the workflow cannot be reached', async () => {
    const progress = new HttpWorkflowProgress('http://127.0.0.1:1');
    await expect(progress.settledThrough(5n, 100)).resolves.toEqual({
      caughtUp: false,
      frontier: undefined,
    });
  });
});
