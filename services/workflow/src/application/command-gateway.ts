import type { RemoteCommand } from '../domain/fulfilment-case';

/**
 * How a sent command ended:
 *  - `accepted`: 2xx, including an Idempotency-Key replay of the first answer, with the global
 *    position its events reached (absent when the answer carries none);
 *  - `moved-on`: 409 `illegal-state`, `illegal-transition`, `illegal-line-transition`,
 *    `claim-closed` or `claim-withdrawn`: the aggregate is already past this step (e.g. a claim
 *    resolved by hand, an RMA closed): nothing left to do, so it counts as done;
 *  - `retry`: 409 `concurrent-modification` or `idempotency-key-in-progress`, 429, 5xx, or no
 *    answer at all: the same command is sent again after a backoff; also 401, with a new key;
 *  - `refused`: any other 4xx; sending it again would get the same answer, so it is parked.
 */
export type CommandOutcome =
  | { outcome: 'accepted'; position?: bigint }
  | { outcome: 'moved-on'; detail: string }
  | { outcome: 'retry'; detail: string }
  | { outcome: 'refused'; status: number; detail: string };

/**
 * What a command follows from, for the events it writes: the correlation id of the event (or
 * timer) that caused it, so a case's automatic steps share its request's id, and that event's id.
 */
export interface CommandCause {
  correlationId: string;
  causationId: string;
}

export const COMMAND_GATEWAY = Symbol('CommandGateway');

/** Sends one command to the service that owns it, with the given Idempotency-Key and cause. */
export interface CommandGateway {
  send(
    command: RemoteCommand,
    idempotencyKey: string,
    cause: CommandCause,
  ): Promise<CommandOutcome>;
}
