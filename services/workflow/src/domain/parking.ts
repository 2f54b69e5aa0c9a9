import type { FulfilmentCase } from './fulfilment-case';

/** The command type a parked event is listed under: the reaction to it failed, not one command. */
export const PARKED_REACTION = 'reaction';

/** What the workflow gave up on: an event whose reaction failed, or one command of a reaction. */
export interface Parked {
  eventId: string;
  /** Null for an entry parked before the type was kept. */
  eventType: string | null;
  /** The command given up on, or PARKED_REACTION. */
  commandType: string;
  streamId: string;
  position: bigint;
  /** Tries so far: the reaction's, or the command's sends, redrives included. */
  attempts: number;
  /** The last failure. */
  error: string;
  parkedAt: Date;
  lastFailedAt: Date;
  /** The case the reaction started from; kept for a parked command only (the case moved on then). */
  caseBefore: FulfilmentCase | null;
}

/** A command of a reaction that got no usable answer, given up on in this run. */
export interface CommandParked {
  commandType: string;
  error: string;
  attempts: number;
  caseBefore: FulfilmentCase | null;
}

export interface RedriveStart {
  /** The case the reaction runs on; absent, the case as it stands now. */
  kept?: FulfilmentCase;
  /** Whether the case the reaction leaves is recorded. */
  recordsCase: boolean;
}

/**
 * Where a redrive starts. A parked command's reaction ran to its end and recorded the case it left,
 * so it runs again from the case it first started from (same commands, same keys) and records no
 * case; one parked before that case was kept runs on the case as it stands. A parked reaction never
 * recorded its case: it runs on the case as it stands now, as a redelivery would, and records it.
 */
export function redriveStart(parked: readonly Parked[]): RedriveStart {
  if (parked.some((p) => p.commandType === PARKED_REACTION)) return { recordsCase: true };
  const kept = parked.find((p) => p.caseBefore !== null)?.caseBefore ?? undefined;
  return { kept, recordsCase: false };
}
