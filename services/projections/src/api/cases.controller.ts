import type { Response } from 'express';
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@warranty/eventsourcing';
import { ApiProblem, CurrentActor } from '@warranty/platform';
import { CaseQuery } from '../queries/case.query';
import type { CaseView } from '../queries/case-view';
import { CaseQueryDto } from './dto/case-query.dto';
import { readOptions } from './read-freshness';

/** The claim's retailer and manufacturer, and auditors and admins; nobody else. */
export function maySeeCase(
  actor: Actor,
  parties: Pick<CaseView, 'retailerId' | 'manufacturerId'>,
): boolean {
  switch (actor.role) {
    case 'retailer':
      return parties.retailerId === actor.tenantId;
    case 'manufacturer':
      return parties.manufacturerId === actor.tenantId;
    case 'auditor':
    case 'admin':
      return true;
    default:
      return false;
  }
}

const MAX_CLAIM_ID_LENGTH = 200;

@ApiTags('cases')
@Controller('v1/cases')
export class CasesController {
  constructor(private readonly cases: CaseQuery) {}

  @Get(':claimId')
  @ApiOkResponse({
    description:
      'The case status a customer-service screen shows: the state in plain words, what happens next, who holds it',
  })
  @ApiNotFoundResponse({ description: 'No such claim, or not one of the caller’s' })
  async get(
    @Param('claimId') claimId: string,
    @Query() query: CaseQueryDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CaseView> {
    const read = readOptions(query.minPosition, response);
    const view = claimId.length <= MAX_CLAIM_ID_LENGTH ? await this.cases.get(claimId, read) : null;
    // Another tenant's claim answers exactly like a missing one.
    if (view === null || !maySeeCase(actor, view))
      throw new ApiProblem(404, 'claim-not-found', 'Not found', `No claim ${claimId}.`, {
        claimId,
      });
    return view;
  }
}
