import type { FastifyReply } from 'fastify';
import { Controller, Get, Inject, Optional, Param, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Actor } from '@warranty/eventsourcing';
import {
  ApiProblem,
  asOfDate,
  CurrentActor,
  maySee,
  noRepairOrders,
  QueryOperation,
  REPAIR_ORDER_HOLDERS,
  type RepairOrderHolders,
} from '@warranty/platform';
import type { ReadOptions } from '@warranty/read-models';
import { CaseQuery } from '../queries/case.query';
import { CaseAsOfQuery } from '../queries/case-as-of.query';
import { type CaseTimelineItem, CaseTimelineQuery } from '../queries/case-timeline.query';
import type { CaseView } from '../queries/case-view';
import type { Page } from '../queries/warranty-plans.query';
import { CaseQueryDto } from './dto/case-query.dto';
import { CaseTimelineQueryDto } from './dto/case-timeline-query.dto';
import { CaseTimelineView } from './responses/case-timeline.response';
import { CaseView as CaseViewSchema } from './responses/case.response';
import { readOptions } from '@warranty/platform';

const MAX_CLAIM_ID_LENGTH = 200;

@ApiTags('cases')
@Controller('v1/cases')
export class CasesController {
  constructor(
    private readonly cases: CaseQuery,
    private readonly asOf: CaseAsOfQuery,
    private readonly timelines: CaseTimelineQuery,
    @Optional()
    @Inject(REPAIR_ORDER_HOLDERS)
    private readonly repairs: RepairOrderHolders = noRepairOrders,
  ) {}

  @Get(':claimId')
  @QueryOperation({
    summary: 'The case status a customer-service screen shows; with asOf, as it stood then',
    description:
      'The state in plain words, what happens next and who holds it. With `asOf` (an instant, or ' +
      'a date alone meaning the end of that day in UTC) the case is rebuilt from its events up to ' +
      'then: 404 `not-yet-existing` when the claim had not been filed yet. Who may see the case is ' +
      'decided on the case as it is now; `minPosition` is waited for first, since the current case ' +
      'names the RMAs and repair orders to replay.',
    type: CaseViewSchema,
    notFound: true,
    readModel: true,
  })
  async get(
    @Param('claimId') claimId: string,
    @Query() query: CaseQueryDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<CaseView & { asOf?: string }> {
    const now = await this.visibleCase(claimId, actor, readOptions(query.minPosition, response));
    const asOf = asOfDate(query.asOf);
    if (!asOf) return now;
    const then = await this.asOf.get(now.claimId, asOf);
    if (!then)
      throw new ApiProblem(
        404,
        'not-yet-existing',
        'Not found',
        `Claim ${claimId} was not filed yet at ${asOf.toISOString()}.`,
        { claimId },
      );
    return { ...then, asOf: query.asOf };
  }

  @Get(':claimId/timeline')
  @QueryOperation({
    summary:
      'Every event of the claim, its RMA and its repair order, in the order they were recorded',
    description:
      'Each with its time, stream, type, revision, the role of the actor and one line of plain words. ' +
      'Visible to whoever may see the case.',
    type: CaseTimelineView,
    notFound: true,
    readModel: true,
  })
  async timeline(
    @Param('claimId') claimId: string,
    @Query() query: CaseTimelineQueryDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<Page<CaseTimelineItem>> {
    const read = readOptions(query.minPosition, response);
    // Both waits for minPosition run at once; the page is only returned once the case may be seen.
    const [, page] = await Promise.all([
      this.visibleCase(claimId, actor, read),
      this.timelines.page(claimId, query, read),
    ]);
    return page;
  }

  private async visibleCase(claimId: string, actor: Actor, read: ReadOptions): Promise<CaseView> {
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
