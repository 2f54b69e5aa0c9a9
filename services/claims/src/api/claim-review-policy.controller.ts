import { Body, Controller, Get, Put, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { CommandContext } from '@warranty/eventsourcing';
import {
  CommandCtx,
  CommandOperation,
  InputValidationError,
  QueryOperation,
  receipt,
} from '@warranty/platform';
import { ClaimStreams } from '../application/claim-streams';
import { claimPolicyStream } from '../domain/claim-review-policy';
import { ReviewPolicyDto } from './dto/claim-actions.dto';
import { ReviewPolicyReceiptView, ReviewPolicyView } from './responses/claim.response';

@ApiTags('claims')
@Controller('v1/claim-review-policy')
export class ClaimReviewPolicyController {
  constructor(private readonly streams: ClaimStreams) {}

  @Get()
  @QueryOperation({
    summary: "The calling manufacturer's review-flag thresholds",
    type: ReviewPolicyView,
    roles: ['manufacturer'],
  })
  async get(@CommandCtx() context: CommandContext) {
    const { state, revision } = await this.streams.policies.load(
      claimPolicyStream(context.actor.tenantId),
    );
    return { manufacturerId: context.actor.tenantId, ...state, revision };
  }

  @Put()
  @CommandOperation({
    summary: 'Change review-flag thresholds; omitted ones keep their value',
    type: ReviewPolicyReceiptView,
    roles: ['manufacturer'],
    ifMatch: true,
    method: 'PUT',
  })
  async set(
    @Body() body: ReviewPolicyDto,
    @CommandCtx() context: CommandContext,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    if (!body || Object.values(body).every((value) => value === undefined))
      throw new InputValidationError([
        { field: 'body', message: 'set at least one threshold; an empty policy changes nothing' },
      ]);
    const manufacturerId = context.actor.tenantId;
    const result = await this.streams.policies.handle(
      claimPolicyStream(manufacturerId),
      {
        type: 'SetClaimReviewPolicy',
        manufacturerId,
        thresholds: body,
        setBy: manufacturerId,
        at: this.streams.now(),
      },
      context,
    );
    return { manufacturerId, ...result.state, ...receipt(res, result) };
  }
}
