import type { Command } from 'commander';
import { WORKFLOW_PATH } from '@warranty/routing';
import { type AdminApiOptions, adminCall, withAdminApiOptions } from './admin-api';

interface ParkedView {
  eventId: string;
  eventType: string | null;
  commandType: string;
  streamId: string;
  position: string;
  attempts: number;
  error: string;
  parkedAt: string;
}

interface RedriveView {
  eventId: string;
  eventType: string;
  streamId: string;
  sent: string[];
}

/** One line per parked entry: what to redrive, what was given up on, and why. */
function parkedLine(p: ParkedView): string {
  const tries = `${p.attempts} attempt${p.attempts === 1 ? '' : 's'}`;
  return `${p.eventId} ${p.eventType ?? '?'} ${p.streamId}@${p.position} ${p.commandType}, ${tries}, parked ${p.parkedAt}: ${p.error}`;
}

/**
 * `workflow parked` and `workflow redrive`, through the workflow's admin API. A group of its own,
 * not under `projections`: the workflow parks events by id and a redrive sends commands to other
 * services, where a projection parks streams and re-applies its own rows.
 */
export function addWorkflowCommands(program: Command): void {
  const workflow = withAdminApiOptions(
    program
      .command('workflow')
      .description('the fulfilment workflow: what it parked, and a redrive after the fix'),
  );

  workflow
    .command('parked')
    .description("the workflow's checkpoint and each event or command it parked, oldest first")
    .action(async () => {
      const status = (await adminCall(workflow.opts<AdminApiOptions>(), 'GET', WORKFLOW_PATH)) as {
        position: string | null;
        parked: ParkedView[];
      };
      process.stdout.write(
        `workflow position ${status.position ?? '-'}  parked ${status.parked.length}\n`,
      );
      for (const p of status.parked) process.stdout.write(`  ${parkedLine(p)}\n`);
    });

  workflow
    .command('redrive <eventId>')
    .description("run a parked event's reaction again, after the fix (same commands, same keys)")
    .action(async (eventId: string) => {
      const path = `${WORKFLOW_PATH}/parked/${encodeURIComponent(eventId)}/redrive`;
      const done = (await adminCall(workflow.opts<AdminApiOptions>(), 'POST', path)) as RedriveView;
      const sent = done.sent.length > 0 ? `sent ${done.sent.join(', ')}` : 'nothing left to send';
      process.stdout.write(
        `re-drove ${done.eventType} ${done.eventId} (${done.streamId}): ${sent}\n`,
      );
    });
}
