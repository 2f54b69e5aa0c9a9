import type { Decider } from '@warranty/eventsourcing';
import { ensure } from '@warranty/eventsourcing';
import type { RepairRates, RepairRatesSet } from './events';

export { repairRatesStream } from './events';

export interface SetRepairRates {
  type: 'SetRepairRates';
  manufacturerId: string;
  serviceCenterId: string;
  rates: RepairRates;
  by: string;
  at: string;
}

/** A manufacturer's terms for one service center (data, not code); null until first set. */
export const repairRatesDecider: Decider<SetRepairRates, RepairRatesSet, RepairRates | null> = {
  initialState: null,
  decide: (command) => {
    const { rates } = command;
    ensure(
      rates.diagnosisFee.currency === rates.laborRatePerHour.currency,
      'currency-mismatch',
      'diagnosisFee.currency',
      'The diagnosis fee and labor rate are in one currency',
    );
    return [
      {
        type: 'RepairRatesSet',
        data: {
          manufacturerId: command.manufacturerId,
          serviceCenterId: command.serviceCenterId,
          rates,
          by: command.by,
          at: command.at,
        },
      },
    ];
  },
  evolve: (_state, event) => event.data.rates,
};
