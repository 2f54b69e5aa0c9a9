import { Injectable } from '@nestjs/common';
import type { RepairRates } from '../domain/events';
import { repairRatesStream } from '../domain/repair-rates';
import { ApiProblem } from '@warranty/platform';
import { RepairStreams } from './repair-streams';

/** A manufacturer's terms per service center, as written: an order takes them when it opens. */
@Injectable()
export class RepairRatesBook {
  constructor(private readonly streams: RepairStreams) {}

  async require(manufacturerId: string, serviceCenterId: string): Promise<RepairRates> {
    const { state } = await this.streams.rates.load(
      repairRatesStream(manufacturerId, serviceCenterId),
    );
    if (!state) throw noRatesProblem(manufacturerId, serviceCenterId);
    return state;
  }
}

const noRatesProblem = (manufacturerId: string, serviceCenterId: string) =>
  new ApiProblem(
    409,
    'repair-rates-missing',
    'Conflict',
    `${manufacturerId} has set no repair rates for ${serviceCenterId}; PUT /v1/repair-rates/${serviceCenterId} first.`,
    { serviceCenterId },
  );
