import type { Decider, DomainEvent } from '@warranty/eventsourcing';
import { formatRmaNumber } from './events';

/**
 * A manufacturer's RMA numbers, stream `rmanumbers-{manufacturerId}` (private): each number is an
 * event appended with the expected revision, so two authorizations never get the same one, and the
 * sequence per year has no gaps. A reservation names its RMA, so a retry finds its number again.
 */
export type RmaNumberReserved = DomainEvent<
  'RmaNumberReserved',
  {
    manufacturerId: string;
    rmaId: string;
    year: number;
    sequence: number;
    rmaNumber: string;
    at: string;
  }
>;

export interface ReserveRmaNumber {
  type: 'ReserveRmaNumber';
  manufacturerId: string;
  rmaId: string;
  year: number;
  at: string;
}

export interface RmaNumbers {
  lastByYear: Record<number, number>;
  byRma: Record<string, string>;
}

export const rmaNumbersStream = (manufacturerId: string): string => `rmanumbers-${manufacturerId}`;

export const rmaNumbersDecider: Decider<ReserveRmaNumber, RmaNumberReserved, RmaNumbers> = {
  initialState: { lastByYear: {}, byRma: {} },
  decide(command, state) {
    if (state.byRma[command.rmaId] !== undefined) return [];
    const sequence = (state.lastByYear[command.year] ?? 0) + 1;
    return [
      {
        type: 'RmaNumberReserved',
        data: {
          manufacturerId: command.manufacturerId,
          rmaId: command.rmaId,
          year: command.year,
          sequence,
          rmaNumber: formatRmaNumber(command.year, sequence),
          at: command.at,
        },
      },
    ];
  },
  evolve: (state, { data }) => ({
    lastByYear: { ...state.lastByYear, [data.year]: data.sequence },
    byRma: { ...state.byRma, [data.rmaId]: data.rmaNumber },
  }),
};
