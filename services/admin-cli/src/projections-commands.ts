import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Options {
  url: string;
  key?: string;
}

interface ParkedView {
  streamId: string;
  revision: number;
  eventType: string;
  error: string;
  firstFailedAt: string;
  attempts: number;
  heldBehind: number;
}

/** The demo admin key the all-in-one wrote, when no key is given. */
function devAdminKey(): string | undefined {
  const file = join(process.env.WARRANTY_DATA_DIR ?? join(process.cwd(), '.data'), 'dev-keys.json');
  try {
    const keys = JSON.parse(readFileSync(file, 'utf8')) as Array<{ role: string; key: string }>;
    return keys.find((k) => k.role === 'admin')?.key;
  } catch {
    return undefined;
  }
}

async function call(options: Options, method: 'GET' | 'POST', path: string): Promise<unknown> {
  const key = options.key ?? process.env.WARRANTY_ADMIN_KEY ?? devAdminKey();
  if (!key) throw new Error('No admin key: pass --key or set WARRANTY_ADMIN_KEY');
  const response = await fetch(new URL(path, options.url), {
    method,
    headers: { Authorization: `Bearer ${key}` },
  });
  const body = (await response.json().catch(() => ({}))) as { detail?: string; title?: string };
  if (!response.ok)
    throw new Error(
      `${response.status} ${body.title ?? ''}: ${body.detail ?? JSON.stringify(body)}`,
    );
  return body;
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

/** `projections list` and `projections redrive`, through the running projections service's admin API. */
export function addProjectionCommands(program: Command): void {
  const projections = program
    .command('projections')
    .description('read models: positions, lag, parked streams, rebuilds')
    .option(
      '--url <url>',
      'the projections service (or the all-in-one)',
      process.env.WARRANTY_URL ?? `http://localhost:${process.env.PORT ?? 3000}`,
    )
    .option(
      '--key <apiKey>',
      'an admin API key (default: WARRANTY_ADMIN_KEY or .data/dev-keys.json)',
    );

  projections
    .command('list')
    .description('each projection with its position, lag and parked streams')
    .action(async () => {
      const { projections: list } = (await call(
        projections.opts<Options>(),
        'GET',
        '/v1/admin/projections',
      )) as {
        projections: Array<{
          name: string;
          position: string | null;
          lag: string | null;
          parked: ParkedView[];
        }>;
      };
      for (const p of list) {
        process.stdout.write(
          `${p.name.padEnd(20)} position ${p.position ?? '-'}  lag ${p.lag ?? '?'}  parked ${p.parked.length}\n`,
        );
        for (const e of p.parked)
          process.stdout.write(
            `  ${e.streamId}@${e.revision} ${e.eventType} since ${e.firstFailedAt}, ${e.attempts} attempts, ${e.heldBehind} held behind: ${e.error}\n`,
          );
      }
    });

  projections
    .command('redrive <projection> <streamId>')
    .description('apply a parked stream again, after the fix')
    .action(async (name: string, streamId: string) => {
      const path = `/v1/admin/projections/${encodeURIComponent(name)}/parked/${encodeURIComponent(streamId)}/redrive`;
      const result = (await call(projections.opts<Options>(), 'POST', path)) as { applied: number };
      process.stdout.write(`re-drove ${result.applied} event(s) of ${streamId} in ${name}\n`);
    });

  projections
    .command('rebuild <projection>')
    .description(
      'rebuild a read model from position zero into fresh tables, swapped in when caught up',
    )
    .action(async (name: string) => {
      const options = projections.opts<Options>();
      const path = `/v1/admin/projections/${encodeURIComponent(name)}/rebuild`;
      let view = (await call(options, 'POST', path)) as RebuildView;
      const tty = process.stderr.isTTY;
      while (view.state === 'running') {
        process.stderr.write(tty ? `\r${progressLine(view)}` : `${progressLine(view)}\n`);
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        view = (await call(options, 'GET', path)) as RebuildView;
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
