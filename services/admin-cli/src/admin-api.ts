import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the admin API is and the key it takes: the options of every command group that calls it. */
export interface AdminApiOptions {
  url: string;
  key?: string;
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

export class AdminCallError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** `--url` and `--key` on a command group, for its subcommands. */
export function withAdminApiOptions(group: Command): Command {
  return group
    .option(
      '--url <url>',
      'the all-in-one, or the path router in front of the services',
      process.env.WARRANTY_URL ?? `http://localhost:${process.env.PORT ?? 3000}`,
    )
    .option(
      '--key <apiKey>',
      'an admin API key (default: WARRANTY_ADMIN_KEY or .data/dev-keys.json)',
    );
}

/** One admin API call; a problem answer throws with its status, title and detail. */
export async function adminCall(
  options: AdminApiOptions,
  method: 'GET' | 'POST',
  path: string,
): Promise<unknown> {
  const key = options.key ?? process.env.WARRANTY_ADMIN_KEY ?? devAdminKey();
  if (!key) throw new Error('No admin key: pass --key or set WARRANTY_ADMIN_KEY');
  const response = await fetch(new URL(path, options.url), {
    method,
    headers: { Authorization: `Bearer ${key}` },
  });
  const body = (await response.json().catch(() => ({}))) as { detail?: string; title?: string };
  if (!response.ok)
    throw new AdminCallError(
      response.status,
      `${response.status} ${body.title ?? ''}: ${body.detail ?? JSON.stringify(body)}`,
    );
  return body;
}
