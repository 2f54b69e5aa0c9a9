import type { FastifyReply } from 'fastify';
import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Actor } from '@warranty/eventsourcing';
import { CurrentActor, InputValidationError, QueryOperation } from '@warranty/platform';
import { WarrantyPlansQuery } from '../queries/warranty-plans.query';
import { WarrantyPlansQueryDto } from './dto/warranty-plans-query.dto';
import { WarrantyPlanPageView } from './responses/warranty-plans.response';
import { readOptions } from '@warranty/platform';

@ApiTags('warranty plans')
@Controller('v1/plan-catalog')
export class WarrantyPlansQueryController {
  constructor(private readonly plans: WarrantyPlansQuery) {}

  @Get()
  @QueryOperation({
    summary: "A manufacturer's warranty plans, by code, a page at a time",
    type: WarrantyPlanPageView,
    readModel: true,
  })
  async list(
    @Query() query: WarrantyPlansQueryDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: FastifyReply,
  ) {
    const manufacturerId =
      query.manufacturerId ?? (actor.role === 'manufacturer' ? actor.tenantId : undefined);
    if (!manufacturerId)
      throw new InputValidationError([
        { field: 'manufacturerId', message: 'manufacturerId is required' },
      ]);
    const page = await this.plans.list(
      manufacturerId,
      { cursor: query.cursor, limit: query.limit },
      readOptions(query.minPosition, response),
    );
    return { manufacturerId, ...page };
  }
}
