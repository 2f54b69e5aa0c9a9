import { productIdFor } from '@warranty/coverage';
import {
  type Decider,
  type DomainEvent,
  IllegalStateError,
  streamName,
} from '@warranty/eventsourcing';

/**
 * Which RMA holds a unit, stream `rmaunit-{manufacturerId}~{serial}` (private): one open RMA per
 * unit, so a unit is refunded or exchanged once. Each take is appended with the expected revision,
 * so of two authorizations for one unit one wins. An entry is never released by an event: the
 * caller finds it stale when its RMA ended or was never authorized, and names it to take over.
 */
export type UnitTakenByRma = DomainEvent<
  'UnitTakenByRma',
  {
    manufacturerId: string;
    serialNumber: string;
    rmaId: string;
    retailerId: string | null;
    /** The RMA whose stale entry this one replaced; null when the unit was free. */
    takenOverFrom: string | null;
    at: string;
  }
>;

export interface TakeUnitForRma {
  type: 'TakeUnitForRma';
  manufacturerId: string;
  /** Normalized by the caller. */
  serialNumber: string;
  rmaId: string;
  retailerId: string | null;
  /** The holder the caller found stale; any other holder still refuses. */
  staleHolder?: string;
  at: string;
}

export interface UnitHolder {
  rmaId: string;
  retailerId: string | null;
}

export interface RmaUnit {
  holder: UnitHolder | null;
}

export const rmaUnitStream = (manufacturerId: string, normalizedSerial: string): string =>
  streamName('rmaunit', productIdFor(manufacturerId, normalizedSerial));

export const rmaUnitDecider: Decider<TakeUnitForRma, UnitTakenByRma, RmaUnit> = {
  initialState: { holder: null },
  decide(command, { holder }) {
    // A retry of the same authorization converges on its own entry.
    if (holder?.rmaId === command.rmaId) return [];
    if (holder && holder.rmaId !== command.staleHolder)
      throw new IllegalStateError(
        `${command.serialNumber} is on open RMA ${holder.rmaId}`,
        'taken',
        'unit-on-open-rma',
        { rmaId: holder.rmaId, retailerId: holder.retailerId },
      );
    return [
      {
        type: 'UnitTakenByRma',
        data: {
          manufacturerId: command.manufacturerId,
          serialNumber: command.serialNumber,
          rmaId: command.rmaId,
          retailerId: command.retailerId,
          takenOverFrom: holder?.rmaId ?? null,
          at: command.at,
        },
      },
    ];
  },
  evolve: (_state, { data }) => ({ holder: { rmaId: data.rmaId, retailerId: data.retailerId } }),
};
