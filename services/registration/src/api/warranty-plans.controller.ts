import { Body, Controller, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CommandContext } from '@warranty/eventsourcing';
import { CommandCtx, receipt, Roles } from '@warranty/platform';
import { WarrantyPlanCommands } from '../application/warranty-plan-commands.service';
import { DefineWarrantyPlanDto } from './dto/define-plan.dto';

@ApiTags('warranty plans')
@Controller('v1/warranty-plans')
export class WarrantyPlansController {
  constructor(private readonly plans: WarrantyPlanCommands) {}

  @Post()
  @Roles('manufacturer')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({
    description: 'Defined for the calling manufacturer; a code is defined once (409 after)',
  })
  async define(
    @Body() body: DefineWarrantyPlanDto,
    @CommandCtx() context: CommandContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    const plan = { ...body, kind: body.kind ?? 'base', manufacturerId: context.actor.tenantId };
    const result = await this.plans.define(plan, context);
    res.setHeader('Location', `/v1/plan-catalog?manufacturerId=${plan.manufacturerId}`);
    return { ...plan, ...receipt(res, result) };
  }
}
