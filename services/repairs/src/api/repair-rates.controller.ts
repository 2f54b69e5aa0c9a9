import { Body, Controller, Get, Param, Put, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { CommandContext } from '@warranty/eventsourcing';
import {
  ApiProblem,
  CommandCtx,
  CommandOperation,
  QueryOperation,
  receipt,
  TENANT_ID_PATTERN,
} from '@warranty/platform';
import { RepairStreams } from '../application/repair-streams';
import { repairRatesStream } from '../domain/repair-rates';
import { RepairRatesDto } from './dto/repair-order.dto';
import { RepairRatesReadView, RepairRatesReceiptView } from './responses/repair-order.response';

/**
 * A manufacturer's reimbursement terms per service center: labor rate, parts markup and the
 * diagnosis fee. The manufacturer sets and reads its own; the service center reads what it is paid.
 */
@ApiTags('repairs')
@Controller('v1/repair-rates')
export class RepairRatesController {
  constructor(private readonly streams: RepairStreams) {}

  @Get(':serviceCenterId')
  @QueryOperation({
    summary: 'Your repair rates for a service center (a manufacturer’s own terms)',
    type: RepairRatesReadView,
    notFound: true,
  })
  async get(
    @Param('serviceCenterId') serviceCenterId: string,
    @CommandCtx() context: CommandContext,
  ) {
    if (context.actor.role !== 'manufacturer' || !TENANT_ID_PATTERN.test(serviceCenterId))
      throw notFound(serviceCenterId);
    const manufacturerId = context.actor.tenantId;
    const { state, revision } = await this.streams.rates.load(
      repairRatesStream(manufacturerId, serviceCenterId),
    );
    if (!state) throw notFound(serviceCenterId);
    return { manufacturerId, serviceCenterId, ...state, revision };
  }

  @Put(':serviceCenterId')
  @CommandOperation({
    summary: 'Set your labor rate, parts markup and diagnosis fee for a service center',
    description: 'Orders opened from now on take these terms; open orders keep theirs.',
    type: RepairRatesReceiptView,
    roles: ['manufacturer'],
    notFound: true,
    ifMatch: true,
    method: 'PUT',
  })
  async set(
    @Param('serviceCenterId') serviceCenterId: string,
    @Body() body: RepairRatesDto,
    @CommandCtx() context: CommandContext,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    if (!TENANT_ID_PATTERN.test(serviceCenterId)) throw notFound(serviceCenterId);
    const manufacturerId = context.actor.tenantId;
    const result = await this.streams.rates.handle(
      repairRatesStream(manufacturerId, serviceCenterId),
      {
        type: 'SetRepairRates',
        manufacturerId,
        serviceCenterId,
        rates: {
          laborRatePerHour: body.laborRatePerHour,
          partsMarkupBasisPoints: body.partsMarkupBasisPoints,
          diagnosisFee: body.diagnosisFee,
        },
        by: manufacturerId,
        at: this.streams.now(),
      },
      context,
    );
    return { manufacturerId, serviceCenterId, ...result.state!, ...receipt(res, result) };
  }
}

const notFound = (serviceCenterId: string) =>
  new ApiProblem(404, 'not-found', 'Not found', `No repair rates of yours for ${serviceCenterId}.`);
