import type { Response } from 'express';
import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@warranty/eventsourcing';
import { CurrentActor, InputValidationError } from '@warranty/platform';
import { WarrantyPlansQuery } from '../queries/warranty-plans.query';
import { WarrantyPlansQueryDto } from './dto/warranty-plans-query.dto';
import { readOptions } from './read-freshness';

@ApiTags('warranty plans')
@Controller('v1/warranty-plans')
export class WarrantyPlansQueryController {
  constructor(private readonly plans: WarrantyPlansQuery) {}

  @Get()
  @ApiOkResponse({ description: "A manufacturer's plans, by code, a page at a time" })
  async list(
    @Query() query: WarrantyPlansQueryDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ) {
    const manufacturerId =
      query.manufacturerId ?? (actor.role === 'manufacturer' ? actor.tenantId : undefined);
    if (!manufacturerId)
      throw new InputValidationError([
        { field: 'manufacturerId', message: 'manufacturerId is required' },
      ]);
    const page = await this.plans.list(
      manufacturerId,
      { cursor: query.cursor, limit: query.limit },
      readOptions(query.minPosition, response),
    );
    return { manufacturerId, ...page };
  }
}
