import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@warranty/event-store';
import {
  type CommandContext,
  ConcurrencyConflictError,
  IllegalStateError,
  type StreamRead,
} from '@warranty/eventsourcing';
import { ApiProblem, maySee } from '@warranty/platform';
import type { AuthorizeRma } from '../domain/rma.commands';
import { rmaStream } from '../domain/rma.state';
import { type RmaUnit, rmaUnitStream, type UnitHolder } from '../domain/rma-units';
import { RmaStreams } from './rma-streams';

/** An entry whose RMA was never authorized (its authorization crashed) holds the unit this long. */
export const ABANDONED_UNIT_ENTRY_MS = 30_000;
/** Other authorizations taking over the same stale entry at once; each lost race is re-checked. */
const TAKE_ATTEMPTS = 5;

/**
 * One open RMA per unit: each line's unit is taken in the unit's index before the RMA is written.
 * An entry of an RMA that ended, or that was never authorized and is old enough to be a crash, is
 * stale and taken over (naming it, so a newer holder still refuses); any other answers 409.
 */
@Injectable()
export class RmaUnits {
  constructor(
    private readonly streams: RmaStreams,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async take(command: AuthorizeRma, context: CommandContext): Promise<void> {
    const units = command.lines.map(({ serialNumber }) => ({
      serialNumber,
      streamId: rmaUnitStream(command.manufacturerId, serialNumber),
    }));
    const reads = await Promise.all(units.map(({ streamId }) => this.streams.units.read(streamId)));
    // Every unit is checked before any is taken: a refused line leaves no other line taken.
    const stale: Array<string | undefined> = [];
    for (const [i, unit] of units.entries())
      stale.push(await this.staleHolder(reads[i].state, unit, command, context));
    for (const [i, unit] of units.entries())
      await this.takeUnit(unit, command, context, stale[i], reads[i]);
  }

  private async takeUnit(
    unit: { serialNumber: string; streamId: string },
    command: AuthorizeRma,
    context: CommandContext,
    staleHolder: string | undefined,
    first: StreamRead<RmaUnit>,
  ): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.streams.units.handle(
          unit.streamId,
          {
            type: 'TakeUnitForRma',
            manufacturerId: command.manufacturerId,
            serialNumber: unit.serialNumber,
            rmaId: command.rmaId,
            retailerId: command.retailerId,
            staleHolder,
            at: command.at,
          },
          // The index converges on the RMA id itself, not on the request's command id.
          { ...context, expectedRevision: undefined, commandId: undefined },
          undefined,
          attempt === 1 ? first : undefined,
        );
        return;
      } catch (error) {
        const taken = error instanceof IllegalStateError && error.code === 'unit-on-open-rma';
        if (!taken) throw error;
        // The refusal's details name the holder: never let it reach the caller as is.
        if (attempt >= TAKE_ATTEMPTS) throw new ConcurrencyConflictError(unit.streamId, attempt);
        // Another authorization took the unit since it was read: check its holder afresh.
        const { state } = await this.streams.units.read(unit.streamId);
        staleHolder = await this.staleHolder(state, unit, command, context);
      }
    }
  }

  /** The other RMA holding the unit when its entry is stale; a 409 while that RMA is open. */
  private async staleHolder(
    { holder }: RmaUnit,
    unit: { serialNumber: string; streamId: string },
    command: AuthorizeRma,
    context: CommandContext,
  ): Promise<string | undefined> {
    if (!holder || holder.rmaId === command.rmaId) return undefined;
    const { state: rma } = await this.streams.rmas.load(rmaStream(holder.rmaId));
    const stale =
      rma.status === 'none'
        ? await this.abandoned(holder.rmaId, unit.streamId)
        : rma.ended !== null;
    if (stale) return holder.rmaId;
    const rmaNumber = rma.status === 'none' ? null : rma.rmaNumber;
    throw unitOnOpenRma(unit.serialNumber, holder, rmaNumber, command.manufacturerId, context);
  }

  /** Taken by an authorization that never wrote its RMA, long enough ago to be a crash. */
  private async abandoned(rmaId: string, streamId: string): Promise<boolean> {
    const taken = (await this.store.readStream(streamId))
      .filter((e) => (e.data as { rmaId?: string }).rmaId === rmaId)
      .pop();
    // Wall-clock age on purpose: this is about a crashed writer, not domain time.
    return taken !== undefined && Date.now() - taken.recordedAt.getTime() > ABANDONED_UNIT_ENTRY_MS;
  }
}

/** Names the open RMA to its manufacturer and its retailer only; to anyone else it does not exist. */
function unitOnOpenRma(
  serialNumber: string,
  holder: UnitHolder,
  rmaNumber: string | null,
  manufacturerId: string,
  context: CommandContext,
): ApiProblem {
  const named = maySee(context.actor, { manufacturerId, retailerId: holder.retailerId });
  const rma = rmaNumber ? `${rmaNumber} (${holder.rmaId})` : holder.rmaId;
  return new ApiProblem(
    409,
    'unit-on-open-rma',
    'Conflict',
    named
      ? `Unit ${serialNumber} is already on open RMA ${rma}.`
      : `Unit ${serialNumber} is already on an open RMA.`,
    named ? { serialNumber, rmaId: holder.rmaId, rmaNumber } : { serialNumber },
  );
}
