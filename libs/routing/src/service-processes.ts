import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { ServiceName } from './service-routes';

export interface ServiceProcess {
  name: ServiceName;
  pid: number;
  port: number;
  url: string;
  /** SIGTERM, then SIGKILL if it has not exited within the grace period. */
  stop(): Promise<void>;
}

export interface ServiceProcessOptions {
  port: number;
  /** Added to this process's environment: DATABASE_URL, EVENT_FEED, KAFKA_* ... */
  env?: NodeJS.ProcessEnv;
  /** The repository root; default the current directory. */
  cwd?: string;
  readyTimeoutMs?: number;
  /** Each line the service writes, prefixed with its name; default: kept for the error only. */
  onOutput?: (line: string) => void;
}

export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (exited(child)) return;
  const gone = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await gone;
  clearTimeout(timer);
}

/** Starts `services/<name>/src/main.ts` as its own Node process and resolves once /health/ready answers 200. */
export async function startServiceProcess(
  name: ServiceName,
  options: ServiceProcessOptions,
): Promise<ServiceProcess> {
  const cwd = options.cwd ?? process.cwd();
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', join('services', name, 'src', 'main.ts')],
    {
      cwd,
      env: { ...process.env, ...options.env, PORT: String(options.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const recent: string[] = [];
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      recent.push(line);
      if (recent.length > 40) recent.shift();
      options.onOutput?.(`${name}: ${line}`);
    }
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const url = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  for (;;) {
    if (exited(child))
      throw new Error(
        `${name} exited (${child.exitCode ?? child.signalCode}):\n${recent.join('\n')}`,
      );
    if (Date.now() > deadline) {
      await stopChild(child);
      throw new Error(`${name} was not ready on ${url} in time:\n${recent.join('\n')}`);
    }
    const ready = await fetch(`${url}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { name, pid: child.pid!, port: options.port, url, stop: () => stopChild(child) };
}
