import type { FastifyReply } from 'fastify';
import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { normalizeSerialNumber } from '@warranty/coverage';
import { type Actor, CLOCK, type Clock } from '@warranty/eventsourcing';
import { CurrentActor, InputValidationError, QueryOperation } from '@warranty/platform';
import { readKeysetCursor } from '@warranty/platform';
import { type RepairQueueFilters, RepairQueueQuery } from '../queries/repair-queue.query';
import { RepairQueueQueryDto } from './dto/repair-queue-query.dto';
import { readOptions } from '@warranty/platform';
import { RepairQueuePageView } from './responses/repair-queue.response';

const OWN_FILTER = {
  service_center: 'serviceCenterId',
  manufacturer: 'manufacturerId',
  retailer: 'retailerId',
} as const;

/**
 * The filters a caller may use: a service center's own serviceCenterId, a manufacturer's own
 * manufacturerId and a retailer's own retailerId are forced, auditors and admins see all; anyone
 * else, or a filter on another tenant, yields null (an empty queue, as a 404 would hide the orders).
 */
export function scopeRepairFilters(
  actor: Actor,
  filters: RepairQueueFilters,
): RepairQueueFilters | null {
  if (actor.role === 'auditor' || actor.role === 'admin') return filters;
  if (!(actor.role in OWN_FILTER)) return null;
  const own = OWN_FILTER[actor.role as keyof typeof OWN_FILTER];
  if (filters[own] !== undefined && filters[own] !== actor.tenantId) return null;
  return { ...filters, [own]: actor.tenantId };
}

@ApiTags('repairs')
@Controller('v1/repair-queue')
export class RepairQueueController {
  constructor(
    private readonly queue: RepairQueueQuery,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @QueryOperation({
    summary: 'The repair queue, oldest opened first, a page at a time',
    description:
      'Filters by state, service center, technician, retailer, serial and overdue (still in the shop ' +
      '14 calendar days after it opened, by today, UTC). A service center sees the orders assigned to ' +
      'it, a manufacturer every order on its products, a retailer those for units it sold, auditors ' +
      'and admins all.',
    type: RepairQueuePageView,
    readModel: true,
  })
  async list(
    @Query() query: RepairQueueQueryDto,
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
    const filters = scopeRepairFilters(actor, {
      state: query.state,
      serviceCenterId: query.serviceCenterId,
      manufacturerId: query.manufacturerId,
      retailerId: query.retailerId,
      technicianId: query.technicianId,
      serialNumber,
      overdue: query.overdue,
    });
    const page = { cursor: query.cursor, limit: query.limit };
    // Nothing to show, but a bad cursor is still refused.
    if (filters === null) {
      if (page.cursor !== undefined) readKeysetCursor(page.cursor);
      return { items: [], nextCursor: null };
    }
    const today = this.clock.now().toISOString().slice(0, 10);
    return this.queue.list(filters, page, today, read);
  }
}
