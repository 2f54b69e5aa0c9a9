import { Body, Controller, Get, Param, Put, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { CommandContext } from '@warranty/eventsourcing';
import {
  ApiProblem,
  CommandCtx,
  CommandOperation,
  InputValidationError,
  mayWriteFor,
  QueryOperation,
  receipt,
  TENANT_ID_PATTERN,
} from '@warranty/platform';
import { RmaStreams } from '../application/rma-streams';
import { returnPolicyStream } from '../domain/return-policy';
import { ReturnPolicyDto } from './dto/rma.dto';
import { ReturnPolicyReceiptView, ReturnPolicyView } from './responses/rma.response';

/** The field of a policy each role owns: a retailer its return window, a manufacturer its deadline. */
const OWN_FIELD = { retailer: 'returnWindowDays', manufacturer: 'receiptDeadlineDays' } as const;

@ApiTags('returns')
@Controller('v1/return-policies')
export class ReturnPoliciesController {
  constructor(private readonly streams: RmaStreams) {}

  @Get(':tenantId')
  @QueryOperation({
    summary:
      'A retailer’s return window and a manufacturer’s receipt deadline (defaults 30 and 14 days)',
    type: ReturnPolicyView,
    notFound: true,
  })
  async get(@Param('tenantId') tenantId: string, @CommandCtx() context: CommandContext) {
    if (!mayRead(context, tenantId)) throw notFound(tenantId);
    const { state, revision } = await this.streams.policies.load(returnPolicyStream(tenantId));
    return { tenantId, ...state, revision };
  }

  @Put(':tenantId')
  @CommandOperation({
    summary:
      'Set your own policy: a retailer its return window, a manufacturer its receipt deadline',
    description: 'An admin may set either for any tenant. Omitted fields keep their value.',
    type: ReturnPolicyReceiptView,
    roles: ['retailer', 'manufacturer', 'admin'],
    notFound: true,
    ifMatch: true,
    method: 'PUT',
  })
  async set(
    @Param('tenantId') tenantId: string,
    @Body() body: ReturnPolicyDto,
    @CommandCtx() context: CommandContext,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const { actor } = context;
    if (!mayWriteFor(actor, tenantId)) throw notFound(tenantId);
    const given = Object.entries(body ?? {}).filter(([, value]) => value !== undefined);
    if (given.length === 0)
      throw new InputValidationError([
        { field: 'body', message: 'set at least one field; an empty policy changes nothing' },
      ]);
    const own = actor.role === 'admin' ? null : OWN_FIELD[actor.role as keyof typeof OWN_FIELD];
    const foreign = given.find(([field]) => own !== null && field !== own);
    if (foreign)
      throw new InputValidationError([
        { field: foreign[0], message: `a ${actor.role} sets ${own} only` },
      ]);
    const result = await this.streams.policies.handle(
      returnPolicyStream(tenantId),
      {
        type: 'SetReturnPolicy',
        tenantId,
        policy: body,
        setBy: actor.tenantId,
        at: this.streams.now(),
      },
      context,
    );
    return { tenantId, ...result.state, ...receipt(res, result) };
  }
}

/** A tenant reads its own policy; auditors and admins any. */
const mayRead = ({ actor }: CommandContext, tenantId: string) =>
  TENANT_ID_PATTERN.test(tenantId) &&
  (actor.tenantId === tenantId || actor.role === 'admin' || actor.role === 'auditor');

const notFound = (tenantId: string) =>
  new ApiProblem(404, 'not-found', 'Not found', `No return policy of ${tenantId} you may set.`);
