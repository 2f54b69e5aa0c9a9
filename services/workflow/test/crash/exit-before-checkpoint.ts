import { existsSync, writeFileSync } from 'node:fs';
import { WorkflowBook } from '../../src/adapters/workflow-book';

/**
 * Preloaded into a workflow process under test: the first time it is about to commit the
 * checkpoint of an event of type WORKFLOW_CRASH_ON (its commands already accepted), the process
 * kills itself with SIGKILL. The marker file makes the restarted process run normally.
 */
const type = process.env.WORKFLOW_CRASH_ON;
const marker = process.env.WORKFLOW_CRASH_MARKER ?? '';
const handled = WorkflowBook.prototype.handled;
WorkflowBook.prototype.handled = function (event, ...rest) {
  if (event.type === type && marker && !existsSync(marker)) {
    writeFileSync(marker, event.id);
    process.kill(process.pid, 'SIGKILL');
  }
  return handled.call(this, event, ...rest);
};
