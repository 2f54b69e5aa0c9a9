import type { FastifyReply } from 'fastify';
import { Controller, Get, Inject, Optional, Param, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Actor } from '@warranty/eventsourcing';
import {
  ApiProblem,
  CurrentActor,
  maySee,
  noRepairOrders,
  QueryOperation,
  REPAIR_ORDER_HOLDERS,
  type RepairOrderHolders,
} from '@warranty/platform';
import { ServiceHistoryQuery, type UnitServiceHistory } from '../queries/service-history.query';
import { CaseQueryDto } from './dto/case-query.dto';
import { readOptions } from '@warranty/platform';
import { ServiceHistoryView } from './responses/service-history.response';

@ApiTags('repairs')
@Controller('v1/units')
export class UnitsController {
  constructor(
    private readonly history: ServiceHistoryQuery,
    @Optional()
    @Inject(REPAIR_ORDER_HOLDERS)
    private readonly repairs: RepairOrderHolders = noRepairOrders,
  ) {}

  @Get(':productId/service-history')
  @QueryOperation({
    summary: 'Every claim, RMA and repair on one unit, oldest first, in plain words',
    description:
      'For the retailer that sold the unit (its own records), the manufacturer, auditors and admins, ' +
      'and a service center holding a repair order for the unit; anyone else gets 404.',
    type: ServiceHistoryView,
    notFound: true,
    readModel: true,
  })
  async serviceHistory(
    @Param('productId') productId: string,
    @Query() query: CaseQueryDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<UnitServiceHistory> {
    const read = readOptions(query.minPosition, response);
    const onlyRetailerId = actor.role === 'retailer' ? actor.tenantId : undefined;
    const history = await this.history.get(productId, read, onlyRetailerId);
    const serviceCenterIds =
      history && actor.role === 'service_center' ? await this.repairs.forUnit(productId) : [];
    // Another tenant's unit answers exactly like a missing one.
    if (history === null || !maySee(actor, { ...history, serviceCenterIds }))
      throw new ApiProblem(404, 'unit-not-found', 'Not found', `No unit ${productId}.`, {
        productId,
      });
    return history;
  }
}
