import type { FastifyReply } from 'fastify';
import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { normalizeSerialNumber } from '@warranty/coverage';
import { type Actor, CLOCK, type Clock } from '@warranty/eventsourcing';
import { CurrentActor, InputValidationError, QueryOperation } from '@warranty/platform';
import { readKeysetCursor } from '@warranty/platform';
import { type RmaQueueFilters, RmaQueueQuery } from '../queries/rma-queue.query';
import { RmaQueueQueryDto } from './dto/rma-queue-query.dto';
import { RmaQueuePageView } from './responses/rma-queue.response';
import { readOptions } from '@warranty/platform';

/**
 * The filters a caller may use, by the shared access rule: a retailer's own retailerId and a
 * manufacturer's own manufacturerId are forced, auditors and admins see all; anyone else, or a
 * filter on another tenant, yields null (an empty queue, as a 404 would hide the RMAs).
 */
export function scopeRmaFilters(actor: Actor, filters: RmaQueueFilters): RmaQueueFilters | null {
  switch (actor.role) {
    case 'retailer':
      if (filters.retailerId !== undefined && filters.retailerId !== actor.tenantId) return null;
      return { ...filters, retailerId: actor.tenantId };
    case 'manufacturer':
      if (filters.manufacturerId !== undefined && filters.manufacturerId !== actor.tenantId)
        return null;
      return { ...filters, manufacturerId: actor.tenantId };
    case 'auditor':
    case 'admin':
      return filters;
    default:
      return null;
  }
}

@ApiTags('returns')
@Controller('v1/rma-queue')
export class RmaQueueController {
  constructor(
    private readonly queue: RmaQueueQuery,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @QueryOperation({
    summary: 'The RMA queue, oldest authorized first, a page at a time',
    description:
      'Filters by state, type, retailer, serial and overdue (by today, UTC). A manufacturer sees the ' +
      'RMAs on its products, a retailer those for units it sold, auditors and admins all.',
    type: RmaQueuePageView,
    readModel: true,
  })
  async list(
    @Query() query: RmaQueueQueryDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: FastifyReply,
  ) {
    const read = readOptions(query.minPosition, response);
    let serialNumber: string | undefined;
    if (query.serialNumber !== undefined) {
      serialNumber = normalizeSerialNumber(query.serialNumber) ?? undefined;
      if (serialNumber === undefined)
        throw new InputValidationError([
          {
            field: 'serialNumber',
            message: 'serialNumber must be 1-64 letters, digits, dots, dashes or underscores',
          },
        ]);
    }
    const filters = scopeRmaFilters(actor, {
      state: query.state,
      type: query.type,
      manufacturerId: query.manufacturerId,
      retailerId: query.retailerId,
      serialNumber,
      overdue: query.overdue,
    });
    const page = { cursor: query.cursor, limit: query.limit, sort: query.sort };
    // Nothing to show, but a bad cursor is still refused.
    if (filters === null) {
      if (page.cursor !== undefined) readKeysetCursor(page.cursor, page.sort ?? 'oldest');
      return { items: [], nextCursor: null };
    }
    const today = this.clock.now().toISOString().slice(0, 10);
    return this.queue.list(filters, page, today, read);
  }
}
