import type { Pool, PoolClient } from 'pg';
import type { SqlMigration } from '@warranty/postgres';

export const API_KEY_CHANGES_CHANNEL = 'platform_api_key_changes';
const HEARTBEAT_MS = 200;
// A revocation must bite within 1 s: cached keys are served only while the listener answered this recently.
const CONFIRMED_WITHIN_MS = 700;
const RECONNECT_MS = { first: 250, max: 5000 };

/** Numbered apart from the platform's own sequence, so parallel branches cannot claim the same version. */
export const apiKeyChangeMigrations: SqlMigration[] = [
  {
    version: 101,
    name: 'notify api key changes',
    sql: `
      CREATE FUNCTION platform.notify_api_key_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          PERFORM pg_notify('${API_KEY_CHANGES_CHANNEL}', OLD.id);
        ELSE
          PERFORM pg_notify('${API_KEY_CHANGES_CHANNEL}', NEW.id);
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER api_key_changed AFTER INSERT OR UPDATE OR DELETE ON platform.api_keys
        FOR EACH ROW EXECUTE FUNCTION platform.notify_api_key_change();
    `,
  },
];

/**
 * LISTENs for changes to API keys (a trigger notifies on every write). A heartbeat on the same
 * connection proves that no notification is pending: PostgreSQL delivers a committed notification
 * before the answer to a later query. While the heartbeat is late or the connection is lost,
 * `isCurrent()` is false and callers must not trust what they cached.
 */
export class ApiKeyChangeListener {
  private client?: PoolClient;
  private confirmedAt = 0;
  private heartbeat?: NodeJS.Timeout;
  private reconnect?: NodeJS.Timeout;
  private reconnectMs = RECONNECT_MS.first;
  private inFlight = false;
  private running = false;

  constructor(
    private readonly pool: Pool,
    private readonly onChange: () => void,
  ) {}

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.connect();
  }

  isCurrent(): boolean {
    return this.client !== undefined && Date.now() - this.confirmedAt < CONFIRMED_WITHIN_MS;
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.reconnect);
    clearInterval(this.heartbeat);
    this.drop();
  }

  private async connect(): Promise<void> {
    let client: PoolClient | undefined;
    try {
      client = await this.pool.connect();
      client.on('error', () => this.lost(client));
      client.on('notification', () => this.onChange());
      await client.query(`SET application_name = 'api-key-changes'`);
      await client.query(`LISTEN ${API_KEY_CHANGES_CHANNEL}`);
      if (!this.running) {
        release(client);
        return;
      }
      this.client = client;
      this.reconnectMs = RECONNECT_MS.first;
      // Changes made while nobody listened went unheard.
      this.onChange();
      await this.confirm();
      this.heartbeat = setInterval(() => void this.confirm(), HEARTBEAT_MS);
      this.heartbeat.unref();
    } catch {
      this.lost(client);
    }
  }

  private async confirm(): Promise<void> {
    const client = this.client;
    if (!client || this.inFlight) return;
    this.inFlight = true;
    const sentAt = Date.now();
    try {
      await client.query('SELECT 1');
      if (client === this.client) this.confirmedAt = sentAt;
    } catch {
      this.lost(client);
    } finally {
      this.inFlight = false;
    }
  }

  private lost(client?: PoolClient): void {
    if (client && client !== this.client) release(client);
    // A late error from a connection already replaced.
    if (this.client && client !== this.client) return;
    clearInterval(this.heartbeat);
    this.drop();
    if (!this.running) return;
    clearTimeout(this.reconnect);
    this.reconnect = setTimeout(() => void this.connect(), this.reconnectMs);
    this.reconnect.unref();
    this.reconnectMs = Math.min(this.reconnectMs * 2, RECONNECT_MS.max);
  }

  private drop(): void {
    const client = this.client;
    this.client = undefined;
    this.confirmedAt = 0;
    if (client) release(client);
  }
}

function release(client: PoolClient): void {
  try {
    client.release(true);
  } catch {
    // Released already: a lost connection can report more than one error.
  }
}
