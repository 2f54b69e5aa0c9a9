import { Body, Controller, Get, Put, Query, Res } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { IsOptional } from 'class-validator';
import { DEFAULT_POLICY_SCOPE, slaPolicyStream, type SlaTarget } from '@warranty/contracts/sla';
import type { CommandContext } from '@warranty/eventsourcing';
import {
  ApiProblem,
  CommandCtx,
  CommandOperation,
  InputValidationError,
  QueryOperation,
  receipt,
  TenantId,
} from '@warranty/platform';
import { SlaStreams } from '../application/sla-streams';
import type { SlaPolicy } from '../domain/sla-policy';
import { SlaPolicyDto } from './dto/sla-policy.dto';

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

/** SLA policies as data: a manufacturer sets its own, an operator (admin) the platform defaults. */
@ApiTags('sla')
@Controller('v1/sla-policies')
export class SlaPoliciesController {
  constructor(private readonly streams: SlaStreams) {}

  @Get()
  @QueryOperation({
    summary: 'The SLA policy in force: a manufacturer’s own, else the defaults',
    type: SlaPolicyView,
    roles: ['manufacturer', 'admin', 'auditor'],
    notFound: true,
  })
  async get(@Query() query: SlaPolicyQueryDto, @CommandCtx() context: CommandContext) {
    const scope = scopeFor(context, query.manufacturerId);
    const own = await this.streams.policies.load(slaPolicyStream(scope));
    const policy = own.state ?? (await this.streams.defaults());
    return { scope, ...policy, own: own.state !== null };
  }

  @Put()
  @CommandOperation({
    summary:
      'Set SLA targets, triggers, calendar and retailer overrides; omitted parts keep their value',
    description:
      'Each SLA is data: the event types (with an optional field = value condition) that start, stop, ' +
      'pause, resume and cancel it, and its target in business or calendar days or hours. ' +
      'Running timers keep the policy they started with.',
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
    const changes = await this.changesOf(body);
    const current =
      scope === DEFAULT_POLICY_SCOPE
        ? await this.streams.defaults()
        : await this.streams.policyFor(scope);
    const result = await this.streams.policies.handle(
      slaPolicyStream(scope),
      {
        type: 'SetSlaPolicy',
        scope,
        current,
        changes,
        by: context.actor.id,
        at: this.streams.now(),
      },
      context,
    );
    return { scope, ...result.state!, own: true, ...receipt(res, result) };
  }

  private async changesOf(body: SlaPolicyDto): Promise<Partial<SlaPolicy>> {
    const { calendarId, slas, retailerOverrides } = body;
    if (calendarId === undefined && slas === undefined && retailerOverrides === undefined)
      throw new InputValidationError([
        {
          field: 'body',
          message: 'set calendarId, slas or retailerOverrides; an empty policy changes nothing',
        },
      ]);
    const errors: { field: string; message: string }[] = [];
    if (calendarId !== undefined && !(await this.streams.calendar(calendarId)))
      errors.push({
        field: 'calendarId',
        message: `no business calendar ${calendarId}; PUT it first`,
      });
    const names = new Set<string>();
    for (const [i, sla] of (slas ?? []).entries()) {
      if (names.has(sla.name))
        errors.push({ field: `slas.${i}.name`, message: `${sla.name} is listed twice` });
      names.add(sla.name);
    }
    if (errors.length > 0) throw new InputValidationError(errors);
    return {
      calendarId,
      slas: slas?.map((sla) => ({
        name: sla.name,
        subject: sla.subject,
        start: sla.start.map(trigger),
        stop: sla.stop.map(trigger),
        pause: (sla.pause ?? []).map(trigger),
        resume: (sla.resume ?? []).map(trigger),
        cancel: (sla.cancel ?? []).map(trigger),
        target: { amount: sla.target.amount, unit: sla.target.unit },
      })),
      retailerOverrides: retailerOverrides?.reduce<Record<string, Record<string, SlaTarget>>>(
        (all, { retailerId, sla, target }) => ({
          ...all,
          [retailerId]: { ...all[retailerId], [sla]: { amount: target.amount, unit: target.unit } },
        }),
        {},
      ),
    };
  }
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
