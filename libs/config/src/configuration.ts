import { isAbsolute, join, resolve } from 'node:path';

export const EVENT_STORES = ['postgres', 'eventstoredb'] as const;
export const EVENT_FEEDS = ['store', 'kafka'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export type EventStoreKind = (typeof EVENT_STORES)[number];
export type EventFeedKind = (typeof EVENT_FEEDS)[number];
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Every setting a process reads from its environment, parsed and checked once at start. */
export interface Configuration {
  /** host defaults to 127.0.0.1: the embedded default's demo keys sit in a file; HOST opens it up. */
  http: { port: number; host: string };
  database: {
    /** A PostgreSQL server of your own; without it the embedded one under dataDir is used. */
    url?: string;
    embeddedPort: number;
    dataDir: string;
    serverLog: boolean;
  };
  eventStore: { kind: EventStoreKind; connectionString?: string };
  feed: { kind: EventFeedKind };
  kafka: { brokers: string[]; namespace: string; partitions: number; localPort: number };
  logging: { level: LogLevel };
  /** Requests a minute an API key may send (a minute's worth at once), unless the key has its own. */
  apiKeys: { requestsPerMinute: number };
  /** Hours an Idempotency-Key answers with its first response before it is deleted; 0: forever. */
  idempotencyKeys: { retentionHours: number };
  readModels: { waitMs: number; maxLagMs: number };
  /** Signed webhooks: local endpoints (http, loopback, private hosts) are for development only. */
  webhooks: { allowLocalEndpoints: boolean; timeoutMs: number; retentionDays: number };
  /** Where the workflow sends its commands: the path router; unset, its own process (the all-in-one). */
  workflow: { commandsUrl?: string; url?: string };
}

export type Environment = Record<string, string | undefined>;

/** A bad setting: its message is the one line a process prints before it exits. */
export class InvalidConfiguration extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'InvalidConfiguration';
  }
}

/** Reads and checks every setting; throws InvalidConfiguration listing each bad one. */
export function readConfiguration(env: Environment, cwd = process.cwd()): Configuration {
  const read = new Reader(env);
  const dataDir = read.text('WARRANTY_DATA_DIR') ?? join(cwd, '.data');
  const configuration: Configuration = {
    http: { port: read.port('PORT', 3000), host: read.text('HOST') ?? '127.0.0.1' },
    database: {
      url: read.url('DATABASE_URL', ['postgres:', 'postgresql:']),
      embeddedPort: read.port('PGPORT', 54329),
      dataDir: isAbsolute(dataDir) ? dataDir : resolve(cwd, dataDir),
      serverLog: read.flag('POSTGRES_LOG', false),
    },
    eventStore: {
      kind: read.oneOf('EVENT_STORE', EVENT_STORES, 'postgres'),
      connectionString: read.url('EVENTSTORE_CONNECTION_STRING', ['esdb:', 'esdb+discover:']),
    },
    feed: { kind: read.oneOf('EVENT_FEED', EVENT_FEEDS, 'store') },
    kafka: {
      brokers: read.brokers('KAFKA_BROKERS'),
      namespace: read.matching(
        'KAFKA_NAMESPACE',
        /^[A-Za-z0-9._-]*$/,
        'letters, digits, . _ -',
        '',
      ),
      partitions: read.integer('KAFKA_PARTITIONS', 3, 1, 1000),
      // Fixed, so that KAFKA_BROKERS stays the same across restarts; below Linux's ephemeral range.
      localPort: read.port('KAFKA_PORT', 19092),
    },
    logging: { level: read.oneOf('LOG_LEVEL', LOG_LEVELS, 'info') },
    apiKeys: { requestsPerMinute: read.integer('API_KEY_RATE_LIMIT', 6000, 1, 100_000_000) },
    idempotencyKeys: {
      retentionHours: read.integer('IDEMPOTENCY_KEY_RETENTION_HOURS', 24, 0, 87_600),
    },
    readModels: {
      waitMs: read.integer('READ_MODEL_WAIT_MS', 2000, 0, 600_000),
      maxLagMs: read.integer('READ_MODEL_MAX_LAG_MS', 30_000, 0, 86_400_000),
    },
    webhooks: {
      allowLocalEndpoints: read.flag('WEBHOOK_ALLOW_LOCAL_ENDPOINTS', false),
      timeoutMs: read.integer('WEBHOOK_TIMEOUT_MS', 10_000, 100, 30_000),
      retentionDays: read.integer('WEBHOOK_DELIVERY_RETENTION_DAYS', 30, 0, 3_650),
    },
    workflow: {
      commandsUrl: read.url('WORKFLOW_COMMANDS_URL', ['http:', 'https:']),
      // Where a projections process apart from the workflow asks for its progress.
      url: read.url('WORKFLOW_URL', ['http:', 'https:']),
    },
  };
  if (
    configuration.eventStore.kind === 'eventstoredb' &&
    !configuration.eventStore.connectionString
  )
    read.problem('EVENT_STORE=eventstoredb needs EVENTSTORE_CONNECTION_STRING');
  if (configuration.feed.kind === 'kafka' && configuration.kafka.brokers.length === 0)
    read.problem('EVENT_FEED=kafka needs KAFKA_BROKERS (host:port, comma-separated)');
  if (read.problems.length > 0) throw new InvalidConfiguration(read.problems);
  return configuration;
}

class Reader {
  readonly problems: string[] = [];

  constructor(private readonly env: Environment) {}

  problem(message: string): void {
    this.problems.push(message);
  }

  /** The trimmed value; an empty one counts as unset. */
  text(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value ? value : undefined;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.text(name);
    if (value === undefined) return fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    return this.invalid(name, `must be one of ${allowed.join(', ')}`, fallback);
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const value = this.text(name);
    if (value === undefined) return fallback;
    const number = /^\d+$/.test(value) ? Number(value) : NaN;
    if (Number.isSafeInteger(number) && number >= min && number <= max) return number;
    return this.invalid(name, `must be a whole number from ${min} to ${max}`, fallback);
  }

  port(name: string, fallback: number): number {
    return this.integer(name, fallback, 0, 65535);
  }

  flag(name: string, fallback: boolean): boolean {
    const value = this.text(name)?.toLowerCase();
    if (value === undefined) return fallback;
    if (value === 'true' || value === '1') return true;
    if (value === 'false' || value === '0') return false;
    return this.invalid(name, 'must be true or false', fallback);
  }

  url(name: string, protocols: string[]): string | undefined {
    const value = this.text(name);
    if (value === undefined) return undefined;
    if (protocols.includes(protocolOf(value))) return value;
    const schemes = protocols.map((p) => `${p}//`).join(' or ');
    return this.invalid(name, `must be a URL starting with ${schemes}`, undefined, redact(value));
  }

  brokers(name: string): string[] {
    const value = this.text(name);
    if (value === undefined) return [];
    const brokers = value
      .split(',')
      .map((broker) => broker.trim())
      .filter(Boolean);
    if (brokers.length > 0 && brokers.every((broker) => /^[^\s:]+:\d{1,5}$/.test(broker)))
      return brokers;
    return this.invalid(name, 'must be host:port, comma-separated', []);
  }

  matching(name: string, pattern: RegExp, description: string, fallback: string): string {
    const value = this.text(name);
    if (value === undefined) return fallback;
    if (pattern.test(value)) return value;
    return this.invalid(name, `may hold only ${description}`, fallback);
  }

  private invalid<T>(name: string, rule: string, fallback: T, shown = this.env[name]): T {
    this.problems.push(`${name} ${rule} (got ${JSON.stringify(shown)})`);
    return fallback;
  }
}

function protocolOf(value: string): string {
  try {
    return new URL(value).protocol;
  } catch {
    return '';
  }
}

/** Connection strings carry passwords: never echo them back. */
function redact(value: string): string {
  return value.replace(/\/\/[^@/]*@/, '//***@');
}
