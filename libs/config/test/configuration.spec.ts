import { InvalidConfiguration, readConfiguration } from '@warranty/config';

const CWD = '/srv/warranty';

function problemOf(env: Record<string, string>): string {
  try {
    readConfiguration(env, CWD);
  } catch (error) {
    if (error instanceof InvalidConfiguration) return error.message;
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
}

describe('configuration', () => {
  it('has a working default for every setting', () => {
    expect(readConfiguration({}, CWD)).toEqual({
      http: { port: 3000, host: '127.0.0.1' },
      database: {
        url: undefined,
        embeddedPort: 54329,
        dataDir: '/srv/warranty/.data',
        serverLog: false,
      },
      eventStore: { kind: 'postgres', connectionString: undefined },
      feed: { kind: 'store' },
      kafka: { brokers: [], namespace: '', partitions: 3, localPort: 19092 },
      logging: { level: 'info' },
      apiKeys: { requestsPerMinute: 6000 },
      idempotencyKeys: { retentionHours: 24 },
      readModels: { waitMs: 2000, maxLagMs: 30_000 },
      webhooks: { allowLocalEndpoints: false, timeoutMs: 10_000, retentionDays: 30 },
      workflow: { commandsUrl: undefined },
    });
  });

  it('reads every setting it is given', () => {
    const configuration = readConfiguration(
      {
        PORT: '8080',
        HOST: '127.0.0.1',
        DATABASE_URL: 'postgres://app:secret@db:5432/warranty',
        PGPORT: '55000',
        WARRANTY_DATA_DIR: 'var/data',
        POSTGRES_LOG: 'true',
        EVENT_STORE: 'eventstoredb',
        EVENTSTORE_CONNECTION_STRING: 'esdb://esdb:2113?tls=false',
        EVENT_FEED: 'kafka',
        KAFKA_BROKERS: 'k1:9092, k2:9092',
        KAFKA_NAMESPACE: 'ci-1',
        KAFKA_PARTITIONS: '6',
        KAFKA_PORT: '29092',
        LOG_LEVEL: 'debug',
        API_KEY_RATE_LIMIT: '600',
        IDEMPOTENCY_KEY_RETENTION_HOURS: '0',
        READ_MODEL_WAIT_MS: '0',
        READ_MODEL_MAX_LAG_MS: '5000',
        WEBHOOK_ALLOW_LOCAL_ENDPOINTS: 'true',
        WEBHOOK_TIMEOUT_MS: '2500',
        WEBHOOK_DELIVERY_RETENTION_DAYS: '0',
        WORKFLOW_COMMANDS_URL: 'http://router:8080',
      },
      CWD,
    );
    expect(configuration).toEqual({
      http: { port: 8080, host: '127.0.0.1' },
      database: {
        url: 'postgres://app:secret@db:5432/warranty',
        embeddedPort: 55000,
        dataDir: '/srv/warranty/var/data',
        serverLog: true,
      },
      eventStore: { kind: 'eventstoredb', connectionString: 'esdb://esdb:2113?tls=false' },
      feed: { kind: 'kafka' },
      kafka: {
        brokers: ['k1:9092', 'k2:9092'],
        namespace: 'ci-1',
        partitions: 6,
        localPort: 29092,
      },
      logging: { level: 'debug' },
      apiKeys: { requestsPerMinute: 600 },
      idempotencyKeys: { retentionHours: 0 },
      readModels: { waitMs: 0, maxLagMs: 5000 },
      webhooks: { allowLocalEndpoints: true, timeoutMs: 2500, retentionDays: 0 },
      workflow: { commandsUrl: 'http://router:8080' },
    });
  });

  it('treats an empty value as unset', () => {
    expect(readConfiguration({ PORT: '', EVENT_FEED: ' ' }, CWD).http.port).toBe(3000);
  });

  it.each([
    [{ EVENT_FEED: 'kafak' }, 'EVENT_FEED must be one of store, kafka (got "kafak")'],
    [{ EVENT_STORE: 'mysql' }, 'EVENT_STORE must be one of postgres, eventstoredb (got "mysql")'],
    [
      { LOG_LEVEL: 'verbose' },
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "verbose")',
    ],
    [{ PORT: 'http' }, 'PORT must be a whole number from 0 to 65535 (got "http")'],
    [{ PORT: '70000' }, 'PORT must be a whole number from 0 to 65535 (got "70000")'],
    [{ PGPORT: '-1' }, 'PGPORT must be a whole number from 0 to 65535 (got "-1")'],
    [{ KAFKA_PORT: '1.5' }, 'KAFKA_PORT must be a whole number from 0 to 65535 (got "1.5")'],
    [{ KAFKA_PARTITIONS: '0' }, 'KAFKA_PARTITIONS must be a whole number from 1 to 1000 (got "0")'],
    [
      { READ_MODEL_WAIT_MS: '2s' },
      'READ_MODEL_WAIT_MS must be a whole number from 0 to 600000 (got "2s")',
    ],
    [{ POSTGRES_LOG: 'yes' }, 'POSTGRES_LOG must be true or false (got "yes")'],
    [
      { WEBHOOK_TIMEOUT_MS: '60000' },
      'WEBHOOK_TIMEOUT_MS must be a whole number from 100 to 30000 (got "60000")',
    ],
    [
      { API_KEY_RATE_LIMIT: '0' },
      'API_KEY_RATE_LIMIT must be a whole number from 1 to 100000000 (got "0")',
    ],
    [
      { IDEMPOTENCY_KEY_RETENTION_HOURS: '24h' },
      'IDEMPOTENCY_KEY_RETENTION_HOURS must be a whole number from 0 to 87600 (got "24h")',
    ],
    [
      { DATABASE_URL: 'mysql://root:hunter2@db/warranty' },
      'DATABASE_URL must be a URL starting with postgres:// or postgresql:// (got "mysql://***@db/warranty")',
    ],
    [
      { EVENTSTORE_CONNECTION_STRING: 'http://esdb:2113' },
      'EVENTSTORE_CONNECTION_STRING must be a URL starting with esdb:// or esdb+discover:// (got "http://esdb:2113")',
    ],
    [
      { WORKFLOW_COMMANDS_URL: 'ftp://router' },
      'WORKFLOW_COMMANDS_URL must be a URL starting with http:// or https:// (got "ftp://router")',
    ],
    [
      { KAFKA_BROKERS: 'localhost' },
      'KAFKA_BROKERS must be host:port, comma-separated (got "localhost")',
    ],
    [
      { KAFKA_NAMESPACE: 'my team' },
      'KAFKA_NAMESPACE may hold only letters, digits, . _ - (got "my team")',
    ],
    [
      { EVENT_STORE: 'eventstoredb' },
      'EVENT_STORE=eventstoredb needs EVENTSTORE_CONNECTION_STRING',
    ],
    [{ EVENT_FEED: 'kafka' }, 'EVENT_FEED=kafka needs KAFKA_BROKERS (host:port, comma-separated)'],
  ])('rejects %j with one line', (env, problem) => {
    expect(problemOf(env)).toBe(`Invalid configuration: ${problem}`);
  });

  it('names every bad setting in the same line', () => {
    expect(problemOf({ PORT: 'x', LOG_LEVEL: 'loud' })).toBe(
      'Invalid configuration: PORT must be a whole number from 0 to 65535 (got "x"); ' +
        'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")',
    );
  });
});
