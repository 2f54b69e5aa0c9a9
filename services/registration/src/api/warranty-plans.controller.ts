import { Body, Controller, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { CommandContext } from '@warranty/eventsourcing';
import { CommandCtx, CommandOperation, receipt } from '@warranty/platform';
import { WarrantyPlanCommands } from '../application/warranty-plan-commands.service';
import { DefineWarrantyPlanDto } from './dto/define-plan.dto';
import { DefinedWarrantyPlanView } from './responses/warranty-plan.response';

@ApiTags('warranty plans')
@Controller('v1/warranty-plans')
export class WarrantyPlansController {
  constructor(private readonly plans: WarrantyPlanCommands) {}

  @Post()
  @CommandOperation({
    summary: 'Define a warranty plan for the calling manufacturer',
    description: 'A code is defined once; defining it again is a 409.',
    type: DefinedWarrantyPlanView,
    creates: true,
    roles: ['manufacturer'],
  })
  async define(
    @Body() body: DefineWarrantyPlanDto,
    @CommandCtx() context: CommandContext,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const plan = {
      ...body,
      kind: body.kind ?? 'base',
      advanceExchange: body.advanceExchange ?? false,
      manufacturerId: context.actor.tenantId,
    };
    const result = await this.plans.define(plan, context);
    res.header('Location', `/v1/plan-catalog?manufacturerId=${plan.manufacturerId}`);
    return { ...plan, ...receipt(res, result) };
  }
}
