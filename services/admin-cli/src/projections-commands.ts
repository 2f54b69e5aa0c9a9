import type { Command } from 'commander';
import { PROJECTION_ADMIN_PATHS } from '@warranty/routing';
import {
  AdminCallError,
  adminCall,
  type AdminApiOptions as Options,
  withAdminApiOptions,
} from './admin-api';

interface ParkedView {
  streamId: string;
  revision: number;
  eventType: string;
  error: string;
  firstFailedAt: string;
  attempts: number;
  heldBehind: number;
}

interface ProjectionView {
  name: string;
  position: string | null;
  lag: string | null;
  parked: ParkedView[];
  rebuildable: boolean;
}

interface AdminList {
  path: string;
  projections?: ProjectionView[];
  error?: string;
}

/** Each service with read models answers for its own at its own path; one not running here is a 404. */
async function adminLists(options: Options): Promise<AdminList[]> {
  const lists: AdminList[] = [];
  for (const path of PROJECTION_ADMIN_PATHS) {
    try {
      const { projections } = (await adminCall(options, 'GET', path)) as {
        projections: ProjectionView[];
      };
      lists.push({ path, projections });
    } catch (error) {
      if (error instanceof AdminCallError && error.status === 404) continue;
      lists.push({ path, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return lists;
}

/** The admin path of the service that runs the projection. */
async function adminPathOf(options: Options, name: string): Promise<string> {
  const lists = await adminLists(options);
  const owner = lists.find((list) => list.projections?.some((p) => p.name === name));
  if (owner) return `${owner.path}/${encodeURIComponent(name)}`;
  const failed = lists.filter((list) => list.error);
  throw new Error(
    `No projection ${name}: \`projections list\` names them` +
      failed.map((list) => `; ${list.path} did not answer (${list.error})`).join(''),
  );
}

interface RebuildView {
  state: 'running' | 'swapped' | 'failed';
  applied: number;
  position: string | null;
  head: string | null;
  eventsPerSecond: number;
  etaSeconds: number | null;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
}

const POLL_MS = 250;
const BAR_WIDTH = 30;

/** One progress line, redrawn in place on stderr: bar, events, events/s, ETA. */
export function progressLine(view: RebuildView): string {
  const head = view.head === null ? 0 : Number(view.head);
  const position = view.position === null ? 0 : Number(view.position);
  const share = view.state === 'swapped' ? 1 : head > 0 ? Math.min(position / head, 1) : 0;
  const filled = Math.round(share * BAR_WIDTH);
  const eta = view.etaSeconds === null ? '?' : `${view.etaSeconds}s`;
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${Math.round(share * 100)}% ${view.applied} events ${view.eventsPerSecond} events/s ETA ${eta}`;
}

/** `projections list`, `redrive` and `rebuild`, through each service's read-model admin API. */
export function addProjectionCommands(program: Command): void {
  const projections = withAdminApiOptions(
    program
      .command('projections')
      .description('read models: positions, lag, parked streams, rebuilds'),
  );

  projections
    .command('list')
    .description('each projection of every service with its position, lag and parked streams')
    .action(async () => {
      for (const list of await adminLists(projections.opts<Options>())) {
        if (list.error) {
          process.stderr.write(`${list.path} did not answer: ${list.error}\n`);
          process.exitCode = 1;
        }
        for (const p of list.projections ?? []) {
          process.stdout.write(
            `${p.name.padEnd(20)} position ${p.position ?? '-'}  lag ${p.lag ?? '?'}  parked ${p.parked.length}${p.rebuildable ? '' : '  (not rebuildable)'}\n`,
          );
          for (const e of p.parked)
            process.stdout.write(
              `  ${e.streamId}@${e.revision} ${e.eventType} since ${e.firstFailedAt}, ${e.attempts} attempts, ${e.heldBehind} held behind: ${e.error}\n`,
            );
        }
      }
    });

  projections
    .command('redrive <projection> <streamId>')
    .description('apply a parked stream again, after the fix')
    .action(async (name: string, streamId: string) => {
      const options = projections.opts<Options>();
      const path = `${await adminPathOf(options, name)}/parked/${encodeURIComponent(streamId)}/redrive`;
      const result = (await adminCall(options, 'POST', path)) as { applied: number };
      process.stdout.write(`re-drove ${result.applied} event(s) of ${streamId} in ${name}\n`);
    });

  projections
    .command('rebuild <projection>')
    .description(
      'rebuild a read model from position zero into fresh tables, swapped in when caught up',
    )
    .action(async (name: string) => {
      const options = projections.opts<Options>();
      const path = `${await adminPathOf(options, name)}/rebuild`;
      let view = (await adminCall(options, 'POST', path)) as RebuildView;
      const tty = process.stderr.isTTY;
      while (view.state === 'running') {
        process.stderr.write(tty ? `\r${progressLine(view)}` : `${progressLine(view)}\n`);
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        view = (await adminCall(options, 'GET', path)) as RebuildView;
      }
      process.stderr.write(`${tty ? '\r' : ''}${progressLine(view)}\n`);
      if (view.state === 'failed')
        throw new Error(`rebuild of ${name} failed, the live tables are untouched: ${view.error}`);
      const seconds = (Date.parse(view.finishedAt!) - Date.parse(view.startedAt)) / 1000;
      process.stdout.write(
        `rebuilt ${name}: ${view.applied} events in ${seconds.toFixed(1)} s (${view.eventsPerSecond} events/s), swapped in at position ${view.position ?? '-'}\n`,
      );
    });
}
