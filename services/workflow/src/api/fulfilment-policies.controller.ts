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
import { FulfilmentPolicies } from '../application/fulfilment-policies';
import { type FulfilmentPolicy, fulfilmentPolicyStream } from '../domain/fulfilment-policy';
import {
  FulfilmentPolicyDto,
  FulfilmentPolicyReceiptView,
  FulfilmentPolicyView,
} from './fulfilment-policy.dto';

@ApiTags('workflow')
@Controller('v1/workflow/policies')
export class FulfilmentPoliciesController {
  constructor(private readonly policies: FulfilmentPolicies) {}

  @Get(':manufacturerId')
  @QueryOperation({
    summary: 'A manufacturer’s fulfilment policy: returns depot, service centers, appeal window',
    description: 'Defaults until first set. A manufacturer reads its own; admins and auditors any.',
    type: FulfilmentPolicyView,
    roles: ['manufacturer', 'admin', 'auditor'],
    notFound: true,
  })
  async get(
    @Param('manufacturerId') manufacturerId: string,
    @CommandCtx() { actor }: CommandContext,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const mayRead =
      actor.role === 'admin' || actor.role === 'auditor' || actor.tenantId === manufacturerId;
    if (!TENANT_ID_PATTERN.test(manufacturerId) || !mayRead) throw notFound(manufacturerId);
    const { state, revision } = await this.policies.handler.load(
      fulfilmentPolicyStream(manufacturerId),
    );
    res.header('ETag', `"${revision}"`);
    return view(manufacturerId, state, revision);
  }

  @Put(':manufacturerId')
  @CommandOperation({
    summary: 'Set a manufacturer’s fulfilment policy (its own; an admin any)',
    description:
      'Omitted fields keep their value; `serviceCenters`, when given, replaces the whole routing. ' +
      'Reactions use the version in force when their causing event happened.',
    type: FulfilmentPolicyReceiptView,
    roles: ['manufacturer', 'admin'],
    notFound: true,
    ifMatch: true,
    method: 'PUT',
  })
  async set(
    @Param('manufacturerId') manufacturerId: string,
    @Body() body: FulfilmentPolicyDto,
    @CommandCtx() context: CommandContext,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const { actor } = context;
    if (!mayWriteFor(actor, manufacturerId)) throw notFound(manufacturerId);
    const policy = policyOf(body ?? {});
    if (Object.keys(policy).length === 0)
      throw new InputValidationError([
        { field: 'body', message: 'set at least one field; an empty policy changes nothing' },
      ]);
    const result = await this.policies.handler.handle(
      fulfilmentPolicyStream(manufacturerId),
      {
        type: 'SetFulfilmentPolicy',
        manufacturerId,
        policy,
        setBy: actor.tenantId,
        at: this.policies.now(),
      },
      context,
    );
    return { ...view(manufacturerId, result.state, result.revision), ...receipt(res, result) };
  }
}

/** The body as a partial policy: the service-center list becomes the category map. */
function policyOf(body: FulfilmentPolicyDto): Partial<FulfilmentPolicy> {
  const { serviceCenters, ...rest } = body;
  const policy: Partial<FulfilmentPolicy> = Object.fromEntries(
    Object.entries(rest).filter(([, value]) => value !== undefined),
  );
  if (serviceCenters) {
    const seen = new Set<string>();
    for (const [i, { category }] of serviceCenters.entries()) {
      if (seen.has(category))
        throw new InputValidationError([
          { field: `serviceCenters[${i}].category`, message: `${category} is routed twice` },
        ]);
      seen.add(category);
    }
    policy.serviceCenters = Object.fromEntries(
      serviceCenters.map(({ category, serviceCenterId }) => [category, serviceCenterId]),
    );
  }
  if (body.returnsDepot) policy.returnsDepot = { ...body.returnsDepot };
  return policy;
}

const view = (manufacturerId: string, policy: FulfilmentPolicy, revision: number) => ({
  manufacturerId,
  returnsDepot: policy.returnsDepot,
  returnCarrier: policy.returnCarrier,
  serviceCenters: Object.entries(policy.serviceCenters).map(([category, serviceCenterId]) => ({
    category,
    serviceCenterId,
  })),
  appealWindowDays: policy.appealWindowDays,
  closeResolvedAfterDays: policy.closeResolvedAfterDays,
  revision,
});

const notFound = (manufacturerId: string) =>
  new ApiProblem(
    404,
    'not-found',
    'Not found',
    `No fulfilment policy of ${manufacturerId} you may see.`,
  );
