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

/** `projections list` and `projections redrive`, through the running projections service's admin API. */
export function addProjectionCommands(program: Command): void {
  const projections = program
    .command('projections')
    .description('read models: positions, lag, parked streams')
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
}
