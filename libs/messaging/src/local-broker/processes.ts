import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

export interface CommandResult {
  code: number | null;
  /** Last lines of stdout and stderr together, for error messages. */
  tail: string;
}

/** Runs a command to completion, handing each output line to onLine. */
export function runCommand(
  command: string,
  args: string[],
  onLine: (line: string) => void = () => undefined,
  tailLines = 40,
): Promise<CommandResult> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const tail: string[] = [];
    let partial = '';
    const take = (chunk: Buffer) => {
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        tail.push(line);
        if (tail.length > tailLines) tail.shift();
        onLine(line);
      }
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', reject);
    child.on('close', (code) => resolveRun({ code, tail: [...tail, partial].join('\n').trim() }));
  });
}

/** The log's ERROR/FATAL lines first (a failure's cause is often far above its stack traces), then its tail. */
export async function explainLog(path: string, name = path, tailLines = 40): Promise<string> {
  const lines = (await readFile(path, 'utf8').catch(() => '')).trimEnd().split('\n');
  const errors = lines.filter((line) => /^\[[^\]]+\] (ERROR|FATAL) /.test(line)).slice(0, 10);
  const tail = lines.slice(-tailLines).join('\n');
  if (errors.length === 0) return `--- last lines of ${name} ---\n${tail}`;
  return `--- errors in ${name} ---\n${errors.join('\n')}\n--- last lines ---\n${tail}`;
}

/** True while the process runs; a zombie (exited, not yet reaped) counts as gone. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return true;
  const state = readFileSync(stat, 'utf8').split(') ')[1]?.charAt(0);
  return state !== 'Z';
}

/** Whether pid is (still) a Kafka broker, so a recycled pid is never signalled; assumes yes without /proc. */
export function looksLikeKafka(pid: number): boolean {
  const cmdline = `/proc/${pid}/cmdline`;
  if (!existsSync('/proc/self')) return isAlive(pid);
  return (
    isAlive(pid) && existsSync(cmdline) && readFileSync(cmdline, 'utf8').includes('kafka.Kafka')
  );
}

const sleep = (ms: number) => new Promise((resolveSleep) => setTimeout(resolveSleep, ms));

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await sleep(100);
  }
  return !isAlive(pid);
}

function signal(pid: number, name: NodeJS.Signals): boolean {
  try {
    process.kill(pid, name);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM, then SIGKILL if the process has not exited within graceMs. */
export async function terminate(pid: number, graceMs = 15_000): Promise<void> {
  if (!signal(pid, 'SIGTERM') || (await waitForExit(pid, graceMs))) return;
  signal(pid, 'SIGKILL');
  await waitForExit(pid, 5_000);
}
