import { readConfiguration } from '@warranty/config';
import type { WorkflowProgress } from '@warranty/platform/workflow-progress';
import type { ReadOptions } from '@warranty/read-models';

let waitMs: number | undefined;
/** As long as a read model's own wait (READ_MODEL_WAIT_MS): a case read waits at most twice that. */
const workflowWaitMs = () => (waitMs ??= readConfiguration(process.env).readModels.waitMs);

/**
 * A case read at minPosition P also waits for what the workflow did about P: once the workflow has
 * handled P, the read models must reach the last position its commands wrote (the RMA it
 * authorized for an approval). A workflow that did not get there in time makes the answer stale.
 */
export async function workflowSettledRead(
  workflow: WorkflowProgress | undefined,
  read: ReadOptions,
): Promise<ReadOptions> {
  if (!workflow || read.minPosition === undefined) return read;
  const { caughtUp, frontier, reached } = await workflow.settledThrough(
    read.minPosition,
    workflowWaitMs(),
  );
  if (!caughtUp) read.onStale?.(reached);
  return frontier !== undefined && frontier > read.minPosition
    ? { ...read, minPosition: frontier }
    : read;
}
