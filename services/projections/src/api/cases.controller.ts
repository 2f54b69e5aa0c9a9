import type { Response } from 'express';
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
import { CaseQuery } from '../queries/case.query';
import type { CaseView } from '../queries/case-view';
import { CaseQueryDto } from './dto/case-query.dto';
import { CaseView as CaseViewSchema } from './responses/case.response';
import { readOptions } from './read-freshness';

const MAX_CLAIM_ID_LENGTH = 200;

@ApiTags('cases')
@Controller('v1/cases')
export class CasesController {
  constructor(
    private readonly cases: CaseQuery,
    @Optional()
    @Inject(REPAIR_ORDER_HOLDERS)
    private readonly repairs: RepairOrderHolders = noRepairOrders,
  ) {}

  @Get(':claimId')
  @QueryOperation({
    summary: 'The case status a customer-service screen shows',
    description: 'The state in plain words, what happens next and who holds it.',
    type: CaseViewSchema,
    notFound: true,
    readModel: true,
  })
  async get(
    @Param('claimId') claimId: string,
    @Query() query: CaseQueryDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CaseView> {
    const read = readOptions(query.minPosition, response);
    const view = claimId.length <= MAX_CLAIM_ID_LENGTH ? await this.cases.get(claimId, read) : null;
    // Another tenant's claim answers exactly like a missing one.
    const serviceCenterIds =
      view && actor.role === 'service_center' ? await this.repairs.forClaim(view.claimId) : [];
    if (view === null || !maySee(actor, { ...view, serviceCenterIds }))
      throw new ApiProblem(404, 'claim-not-found', 'Not found', `No claim ${claimId}.`, {
        claimId,
      });
    return view;
  }
}
