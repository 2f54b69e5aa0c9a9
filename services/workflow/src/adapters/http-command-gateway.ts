import type { CommandCause, CommandGateway, CommandOutcome } from '../application/command-gateway';
import { requestFor } from '../application/command-routes';
import type { RemoteCommand } from '../domain/fulfilment-case';

const TIMEOUT_MS = 10_000;
/** 409 codes that say the aggregate is past the step: the command has nothing left to do. */
const MOVED_ON = [
  'illegal-state',
  'illegal-transition',
  'illegal-line-transition',
  'claim-closed',
  'claim-withdrawn',
];
/** 409 codes that may pass: a race with another writer, or the same key still running. */
const TRANSIENT_CONFLICTS = ['concurrent-modification', 'idempotency-key-in-progress'];

/** Commands over the services' public HTTP APIs, as the workflow's own API key, with their cause. */
export class HttpCommandGateway implements CommandGateway {
  constructor(
    private readonly baseUrl: () => string,
    private readonly apiKey: () => Promise<string>,
    /** Told of a key that answered 401, so that the next attempt goes with a new one. */
    private readonly keyRejected: (key: string) => Promise<void> = async () => undefined,
  ) {}

  async send(
    command: RemoteCommand,
    idempotencyKey: string,
    cause: CommandCause,
  ): Promise<CommandOutcome> {
    const { path, body } = requestFor(command);
    let response: Response;
    let key = '';
    try {
      key = await this.apiKey();
      response = await fetch(new URL(path, this.baseUrl()), {
        method: 'POST',
        headers: {
          authorization: `Bearer ${key}`,
          'content-type': 'application/json',
          'idempotency-key': idempotencyKey,
          'x-correlation-id': cause.correlationId,
          'x-causation-id': cause.causationId,
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      return { outcome: 'retry', detail: error instanceof Error ? error.message : String(error) };
    }
    if (response.ok) {
      const { position } = (await response.json().catch(() => ({}))) as { position?: unknown };
      return typeof position === 'string' && /^\d+$/.test(position)
        ? { outcome: 'accepted', position: BigInt(position) }
        : { outcome: 'accepted' };
    }
    const problem = (await response.json().catch(() => ({}))) as { type?: string; detail?: string };
    const code = (problem.type ?? '').split('/').pop() ?? '';
    const detail = `${command.type} ${path}: ${response.status} ${code} ${problem.detail ?? ''}`;
    if (response.status === 409 && MOVED_ON.includes(code)) return { outcome: 'moved-on', detail };
    if (response.status === 401) {
      await this.keyRejected(key);
      return { outcome: 'retry', detail };
    }
    const transient = response.status === 409 && TRANSIENT_CONFLICTS.includes(code);
    if (transient || response.status === 429 || response.status >= 500)
      return { outcome: 'retry', detail };
    return { outcome: 'refused', status: response.status, detail };
  }
}
