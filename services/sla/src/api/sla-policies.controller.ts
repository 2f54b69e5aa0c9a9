import { Body, Controller, Get, Put, Query, Res } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { IsOptional } from 'class-validator';
import {
  DEFAULT_POLICY_SCOPE,
  type SlaDefinition,
  slaPolicyStream,
  type SlaTarget,
} from '@warranty/contracts/sla';
import type { CommandContext } from '@warranty/eventsourcing';
import {
  aggregateRead,
  ApiProblem,
  CommandCtx,
  CommandOperation,
  InputValidationError,
  QueryOperation,
  receipt,
  TenantId,
} from '@warranty/platform';
import { SlaStreams } from '../application/sla-streams';
import { BUILT_IN_POLICY, type SlaPolicy } from '../domain/sla-policy';
import {
  definitionProblems,
  type FieldProblem,
  overrideProblems,
  type TargetToCheck,
  targetsOutOfRange,
} from '../domain/sla-policy-rules';
import {
  type RetailerOverrideDto,
  type SlaDefinitionDto,
  SlaPolicyDto,
} from './dto/sla-policy.dto';

class SlaPolicyView {
  @ApiProperty({ description: 'A manufacturer id, or `_default` for the platform defaults' })
  scope!: string;

  @ApiProperty()
  calendarId!: string;

  @ApiProperty({ type: 'array', items: { type: 'object' } })
  slas!: object[];

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'retailerId -> SLA name -> target',
  })
  retailerOverrides!: object;

  @ApiProperty({ description: 'false: no policy of its own, the defaults apply' })
  own!: boolean;
}

class SlaPolicyReadView extends SlaPolicyView {
  @ApiProperty({
    nullable: true,
    type: Number,
    description:
      'The revision of the scope’s own policy stream, also sent as ETag for If-Match; null (and no ETag) while the defaults apply',
  })
  revision!: number | null;
}

class SlaPolicyReceiptView extends SlaPolicyView {
  @ApiProperty() revision!: number;
  @ApiProperty({ nullable: true, type: String }) position!: string | null;
}

class SlaPolicyQueryDto {
  @ApiPropertyOptional({ description: 'Admins and auditors: whose policy; omitted, the defaults' })
  @IsOptional()
  @TenantId('manufacturerId')
  manufacturerId?: string;
}

const POLICY_PUT_DESCRIPTION =
  'Each SLA is data: the event types (with an optional field = value condition) that start, stop, ' +
  'pause, resume and cancel it, and its target in business or calendar days or hours. ' +
  'PUT semantics per part: `slas`, when sent, replaces the whole list (an SLA left out is dropped) ' +
  'and `retailerOverrides`, when sent, replaces every override (`[]` removes them all); `calendarId`, ' +
  '`slas` or `retailerOverrides` left out keep the value in force (a manufacturer without a policy ' +
  'of its own starts from the defaults). Refused with 400, each naming its field: a trigger on an ' +
  'event the SLA’s subject never has, a start on an event that does not name the manufacturer ' +
  '(claim SLAs start on ClaimFiled, RMA SLAs on RmaAuthorized or ExchangeShipped, repair SLAs on ' +
  'RepairOrderOpened), a pause with no resume, an override of an SLA the policy does not have ' +
  '(also when new `slas` drop an SLA the overrides in force name: send both), and a target that, ' +
  'counted from now on the policy’s calendar, would come due after 2199-12-31. A `where` condition ' +
  'is not checked against the event’s fields, and an override’s retailer is not checked against ' +
  'the tenants: this service does not know them, and an override for a retailer that never sells ' +
  'applies to nothing. Running timers keep the policy they started with.';

/** SLA policies as data: a manufacturer sets its own, an operator (admin) the platform defaults. */
@ApiTags('sla')
@Controller('v1/sla-policies')
export class SlaPoliciesController {
  constructor(private readonly streams: SlaStreams) {}

  @Get()
  @QueryOperation({
    summary: 'The SLA policy in force: a manufacturer’s own, else the defaults',
    description:
      'ETag is the revision of the scope’s own policy, for If-Match on PUT; a scope without one (the defaults apply) sends none.',
    type: SlaPolicyReadView,
    roles: ['manufacturer', 'admin', 'auditor'],
    notFound: true,
    etag: true,
  })
  async get(
    @Query() query: SlaPolicyQueryDto,
    @CommandCtx() context: CommandContext,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const scope = scopeFor(context, query.manufacturerId);
    const own = await this.streams.policies.load(slaPolicyStream(scope));
    if (own.state === null)
      return { scope, ...(await this.streams.defaults()), own: false, revision: null };
    return { scope, ...own.state, own: true, ...aggregateRead(res, own.revision) };
  }

  @Put()
  @CommandOperation({
    summary:
      'Set SLA targets, triggers, calendar and retailer overrides; omitted parts keep their value',
    description: POLICY_PUT_DESCRIPTION,
    type: SlaPolicyReceiptView,
    roles: ['manufacturer', 'admin'],
    notFound: true,
    ifMatch: true,
    method: 'PUT',
  })
  async set(
    @Body() body: SlaPolicyDto,
    @CommandCtx() context: CommandContext,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const scope = scopeFor(context, body.manufacturerId);
    const inherited =
      scope === DEFAULT_POLICY_SCOPE ? BUILT_IN_POLICY : await this.streams.defaults();
    const own = await this.streams.policies.load(slaPolicyStream(scope));
    const changes = await this.changesOf(body, own.state ?? inherited);
    const result = await this.streams.policies.handle(
      slaPolicyStream(scope),
      {
        type: 'SetSlaPolicy',
        scope,
        inherited,
        changes,
        by: context.actor.id,
        at: this.streams.now(),
      },
      context,
    );
    return { scope, ...result.state!, own: true, ...receipt(res, result) };
  }

  /** The parts the body sets, once they make a policy that can work on its calendar. */
  private async changesOf(body: SlaPolicyDto, current: SlaPolicy): Promise<Partial<SlaPolicy>> {
    const { calendarId } = body;
    if (calendarId === undefined && body.slas === undefined && body.retailerOverrides === undefined)
      throw new InputValidationError([
        {
          field: 'body',
          message: 'set calendarId, slas or retailerOverrides; an empty policy changes nothing',
        },
      ]);
    const slas = body.slas?.map(definitionOf);
    const overrides = body.retailerOverrides;
    const next: SlaPolicy = {
      calendarId: calendarId ?? current.calendarId,
      slas: slas ?? current.slas,
      retailerOverrides: overrides ? overridesByRetailer(overrides) : current.retailerOverrides,
    };
    const calendar = await this.streams.calendar(next.calendarId);
    const errors: FieldProblem[] = [];
    if (!calendar)
      errors.push({
        field: 'calendarId',
        message: `no business calendar ${next.calendarId}; PUT it first`,
      });
    if (slas) errors.push(...definitionProblems(slas));
    const names = next.slas.map((sla) => sla.name);
    if (overrides) errors.push(...overrideProblems(overrides, names));
    else if (slas) errors.push(...staleOverrides(current.retailerOverrides, names));
    if (calendar)
      errors.push(...targetsOutOfRange(targetsToCheck(body, next), calendar, this.now()));
    if (errors.length > 0) throw new InputValidationError(errors);
    return { calendarId, slas, retailerOverrides: overrides && next.retailerOverrides };
  }

  private now(): Date {
    return new Date(this.streams.now());
  }
}

function definitionOf(sla: SlaDefinitionDto): SlaDefinition {
  return {
    name: sla.name,
    subject: sla.subject,
    start: sla.start.map(trigger),
    stop: sla.stop.map(trigger),
    pause: (sla.pause ?? []).map(trigger),
    resume: (sla.resume ?? []).map(trigger),
    cancel: (sla.cancel ?? []).map(trigger),
    target: { amount: sla.target.amount, unit: sla.target.unit },
  };
}

function overridesByRetailer(overrides: RetailerOverrideDto[]): SlaPolicy['retailerOverrides'] {
  return overrides.reduce<Record<string, Record<string, SlaTarget>>>(
    (all, { retailerId, sla, target }) => ({
      ...all,
      [retailerId]: { ...all[retailerId], [sla]: { amount: target.amount, unit: target.unit } },
    }),
    {},
  );
}

/** Overrides in force that new `slas` would leave naming an SLA the policy no longer has. */
function staleOverrides(inForce: SlaPolicy['retailerOverrides'], names: string[]): FieldProblem[] {
  const stale = Object.entries(inForce).flatMap(([retailerId, bySla]) =>
    Object.keys(bySla)
      .filter((sla) => !names.includes(sla))
      .map((sla) => `${retailerId}'s ${sla}`),
  );
  return stale.length === 0
    ? []
    : [
        {
          field: 'slas',
          message: `the retailer overrides in force name SLAs these slas leave out (${stale.join(', ')}); send retailerOverrides as well`,
        },
      ];
}

/**
 * The targets a change puts on a calendar, each blamed on the part that was sent: the SLA or
 * override itself, else the new calendar; nothing when neither changed.
 */
function targetsToCheck(body: SlaPolicyDto, next: SlaPolicy): TargetToCheck[] {
  const onNewCalendar = body.calendarId !== undefined;
  const slas = next.slas.flatMap((sla, i) =>
    body.slas || onNewCalendar
      ? [
          {
            field: body.slas ? `slas[${i}].target` : 'calendarId',
            label: sla.name,
            target: sla.target,
          },
        ]
      : [],
  );
  const overrides = Object.entries(next.retailerOverrides).flatMap(([retailerId, bySla]) =>
    Object.entries(bySla).map(([sla, target]) => ({ retailerId, sla, target })),
  );
  const overrideTargets = overrides.flatMap(({ retailerId, sla, target }) => {
    const index = body.retailerOverrides?.findIndex(
      (o) => o.retailerId === retailerId && o.sla === sla,
    );
    if (index === undefined && !onNewCalendar) return [];
    return [
      {
        field: index === undefined ? 'calendarId' : `retailerOverrides[${index}].target`,
        label: `${retailerId}'s ${sla}`,
        target,
      },
    ];
  });
  return [...slas, ...overrideTargets];
}

function trigger(t: {
  eventType: string;
  where?: { field: string; equals: string | number | boolean };
}) {
  return t.where
    ? { eventType: t.eventType, where: { field: t.where.field, equals: t.where.equals } }
    : { eventType: t.eventType };
}

/** A manufacturer's own policy; an admin's (or auditor's) named one, else the defaults. */
function scopeFor(context: CommandContext, manufacturerId: string | undefined): string {
  const { role, tenantId } = context.actor;
  if (role === 'manufacturer') {
    if (manufacturerId !== undefined && manufacturerId !== tenantId)
      throw new ApiProblem(404, 'not-found', 'Not found', 'No such SLA policy.');
    return tenantId;
  }
  return manufacturerId ?? DEFAULT_POLICY_SCOPE;
}
