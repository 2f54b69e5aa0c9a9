import {
  Body,
  Controller,
  Get,
  Headers,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { CommandContext } from '@warranty/eventsourcing';
import {
  aggregateRead,
  asOfDate,
  type ApiRole,
  CommandCtx,
  CommandOperation,
  QueryOperation,
  receipt,
} from '@warranty/platform';
import { type ClaimAction, ClaimActions } from '../application/claim-actions.service';
import { ClaimFiling } from '../application/claim-filing.service';
import type { FiledClaim } from '../domain/claim.state';
import {
  AppealDto,
  ApproveClaimDto,
  ClaimAsOfDto,
  NoBodyDto,
  ProvideInfoDto,
  RejectClaimDto,
  RequestInfoDto,
  ResolveClaimDto,
  StartFulfilmentDto,
  WithdrawDto,
} from './dto/claim-actions.dto';
import { FileClaimDto } from './dto/file-claim.dto';
import { claimView, historyEntry } from './claim.view';
import { ClaimHistoryView, ClaimReadView, ClaimReceiptView } from './responses/claim.response';

// Random claim ids are version 4; those derived from an Idempotency-Key version 5.
const claimIdPipe = new ParseUUIDPipe();

/** A transition of an existing claim, by one of these roles. */
const Transition = (summary: string, ...roles: ApiRole[]) =>
  CommandOperation({ summary, type: ClaimReceiptView, roles, notFound: true, ifMatch: true });

@ApiTags('claims')
@Controller('v1/claims')
export class ClaimsController {
  constructor(
    private readonly filing: ClaimFiling,
    private readonly actions: ClaimActions,
  ) {}

  @Post()
  @CommandOperation({
    summary: 'File a warranty claim on a unit',
    description: 'Answers with the coverage assessed on the failure date and any review flags.',
    type: ClaimReceiptView,
    creates: true,
    roles: ['retailer'],
  })
  async file(
    @Body() body: FileClaimDto,
    @CommandCtx() context: CommandContext,
    @Res({ passthrough: true }) res: FastifyReply,
    @Headers('idempotency-key') idempotencyKey?: string,
  ) {
    const result = await this.filing.file(
      {
        ...body,
        proofOfPurchase: body.proofOfPurchase ?? null,
        model: body.model ?? null,
        productCategory: body.productCategory ?? null,
      },
      context,
      { idempotencyKey },
    );
    const claim = result.state as FiledClaim;
    res.header('Location', `/v1/claims/${claim.claimId}`);
    return { ...claimView(claim), ...receipt(res, result) };
  }

  @Get(':claimId')
  @QueryOperation({
    summary: 'Read a claim; with asOf, as it stood then',
    description: 'ETag is sent only without asOf.',
    type: ClaimReadView,
    notFound: true,
    etag: true,
  })
  async get(
    @Param('claimId', claimIdPipe) claimId: string,
    @Query() query: ClaimAsOfDto,
    @CommandCtx() context: CommandContext,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const { claim, revision } = await this.actions.get(claimId, context, asOfDate(query.asOf));
    const flags = await this.actions.flags(claim, context.actor);
    return { ...claimView(claim, flags), ...aggregateRead(res, revision, query.asOf) };
  }

  @Get(':claimId/history')
  @QueryOperation({
    summary: 'Every event of the claim with its envelope; with asOf, those up to then',
    type: ClaimHistoryView,
    notFound: true,
  })
  async history(
    @Param('claimId', claimIdPipe) claimId: string,
    @Query() query: ClaimAsOfDto,
    @CommandCtx() context: CommandContext,
  ) {
    const events = await this.actions.history(claimId, context, asOfDate(query.asOf));
    return { claimId, events: events.map(historyEntry) };
  }

  @Post(':claimId/review')
  @Transition('Start reviewing the claim', 'manufacturer')
  startReview(
    @Param('claimId', claimIdPipe) id: string,
    @Body() _body: NoBodyDto,
    @CommandCtx() c: CommandContext,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    return this.run(id, { type: 'StartReview' }, c, res);
  }

  @Post(':claimId/info-requests')
  @Transition('Ask the retailer for more information', 'manufacturer')
  requestInfo(
    @Param('claimId', claimIdPipe) id: string,
    @Body() body: RequestInfoDto,
    @CommandCtx() c: CommandContext,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    return this.run(id, { type: 'RequestInfo', ...body }, c, res);
  }

  @Post(':claimId/info')
  @Transition('Answer an information request', 'retailer')
  provideInfo(
    @Param('claimId', claimIdPipe) id: string,
    @Body() body: ProvideInfoDto,
    @CommandCtx() c: CommandContext,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    return this.run(
      id,
      { type: 'ProvideInfo', answer: body.answer, attachments: body.attachments ?? [] },
      c,
      res,
    );
  }

  @Post(':claimId/approval')
  @CommandOperation({
    summary: 'Approve the claim',
    description:
      'A refund or a credit (goodwill too) buys the unit back, once: at most its price, and refused while another claim on the unit is approved for one or its registration was cancelled. Once resolved, registration ends the unit’s registration (`returned_for_refund`).',
    type: ClaimReceiptView,
    roles: ['manufacturer'],
    notFound: true,
    ifMatch: true,
    refusals: {
      409: '`unit-already-refunded`: another claim on the unit is approved for a refund or a credit (`otherClaimId`). `registration-cancelled`: the unit’s registration was cancelled (`reason`: returned_for_refund, replaced, registered_in_error), e.g. after a refund on an RMA.',
    },
  })
  approve(
    @Param('claimId', claimIdPipe) id: string,
    @Body() body: ApproveClaimDto,
    @CommandCtx() c: CommandContext,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const action: ClaimAction = {
      type: 'ApproveClaim',
      resolution: body.resolution,
      approvedAmount: body.approvedAmount ?? null,
      goodwill: body.goodwill ?? false,
      notes: body.notes ?? '',
    };
    return this.run(id, action, c, res);
  }

  @Post(':claimId/rejection')
  @Transition('Reject the claim', 'manufacturer')
  reject(
    @Param('claimId', claimIdPipe) id: string,
    @Body() body: RejectClaimDto,
    @CommandCtx() c: CommandContext,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    return this.run(
      id,
      { type: 'RejectClaim', reasonCode: body.reasonCode, notes: body.notes ?? '' },
      c,
      res,
    );
  }

  @Post(':claimId/appeal')
  @Transition('Appeal a rejection (once)', 'retailer')
  appeal(
    @Param('claimId', claimIdPipe) id: string,
    @Body() body: AppealDto,
    @CommandCtx() c: CommandContext,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    return this.run(id, { type: 'AppealRejection', grounds: body.grounds }, c, res);
  }

  @Post(':claimId/withdrawal')
  @Transition('Withdraw the claim before a decision', 'retailer')
  withdraw(
    @Param('claimId', claimIdPipe) id: string,
    @Body() body: WithdrawDto,
    @CommandCtx() c: CommandContext,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    return this.run(id, { type: 'WithdrawClaim', reason: body.reason }, c, res);
  }

  @Post(':claimId/fulfilment')
  @Transition('Record that fulfilment started (e.g. an RMA)', 'manufacturer', 'admin')
  startFulfilment(
    @Param('claimId', claimIdPipe) id: string,
    @Body() body: StartFulfilmentDto,
    @CommandCtx() c: CommandContext,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    return this.run(id, { type: 'StartFulfilment', rmaId: body.rmaId }, c, res);
  }

  @Post(':claimId/resolution')
  @Transition('Record how the claim was resolved', 'manufacturer', 'admin')
  resolve(
    @Param('claimId', claimIdPipe) id: string,
    @Body() body: ResolveClaimDto,
    @CommandCtx() c: CommandContext,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    return this.run(
      id,
      {
        type: 'ResolveClaim',
        outcome: body.outcome,
        rmaId: body.rmaId ?? null,
        repairOrderId: body.repairOrderId ?? null,
      },
      c,
      res,
    );
  }

  @Post(':claimId/closure')
  @Transition('Close the claim', 'manufacturer', 'admin')
  close(
    @Param('claimId', claimIdPipe) id: string,
    @Body() _body: NoBodyDto,
    @CommandCtx() c: CommandContext,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    return this.run(id, { type: 'CloseClaim' }, c, res);
  }

  private async run(
    claimId: string,
    action: ClaimAction,
    context: CommandContext,
    res: FastifyReply,
  ) {
    const result = await this.actions.act(claimId, action, context);
    const claim = result.state as FiledClaim;
    const flags = await this.actions.flags(claim, context.actor);
    return { ...claimView(claim, flags), ...receipt(res, result) };
  }
}
