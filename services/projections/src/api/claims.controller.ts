import type { FastifyReply } from 'fastify';
import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { normalizeSerialNumber } from '@warranty/coverage';
import type { Actor } from '@warranty/eventsourcing';
import { CurrentActor, InputValidationError, QueryOperation } from '@warranty/platform';
import {
  type ClaimListFilters,
  ClaimsListQuery,
  readClaimsCursor,
} from '../queries/claims-list.query';
import { ClaimsListQueryDto } from './dto/claims-list-query.dto';
import { ClaimPageView } from './responses/claims-list.response';
import { readOptions } from '@warranty/platform';

/**
 * The filters a caller may use: a retailer's own retailerId and a manufacturer's own
 * manufacturerId are forced; asking for another tenant's claims yields null (an empty list).
 */
export function scopeClaimFilters(
  actor: Actor,
  filters: ClaimListFilters,
): ClaimListFilters | null {
  if (actor.role === 'retailer') {
    if (filters.retailerId !== undefined && filters.retailerId !== actor.tenantId) return null;
    return { ...filters, retailerId: actor.tenantId };
  }
  if (actor.role === 'manufacturer') {
    if (filters.manufacturerId !== undefined && filters.manufacturerId !== actor.tenantId)
      return null;
    return { ...filters, manufacturerId: actor.tenantId };
  }
  return filters;
}

@ApiTags('claims')
@Controller('v1/claim-list')
export class ClaimsQueryController {
  constructor(private readonly claims: ClaimsListQuery) {}

  @Get()
  @QueryOperation({
    summary: 'List claims, newest filed first, a page at a time',
    description: 'Ties are ordered by claim id. Callers see only their own tenant’s claims.',
    type: ClaimPageView,
    roles: ['retailer', 'manufacturer', 'auditor', 'admin'],
    readModel: true,
  })
  async list(
    @Query() query: ClaimsListQueryDto,
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
    const search = query.q?.trim();
    if (search !== undefined && search.length < 3)
      throw new InputValidationError([
        { field: 'q', message: 'q must be 3-100 characters besides surrounding blanks' },
      ]);
    if (
      query.filedFrom !== undefined &&
      query.filedTo !== undefined &&
      query.filedFrom > query.filedTo
    )
      throw new InputValidationError([
        { field: 'filedTo', message: 'filedTo must not be before filedFrom' },
      ]);
    const filters = scopeClaimFilters(actor, {
      state: query.state,
      retailerId: query.retailerId,
      manufacturerId: query.manufacturerId,
      serialNumber,
      filedFrom: query.filedFrom,
      filedTo: query.filedTo,
      flagged: query.flagged,
      search,
    });
    const page = { cursor: query.cursor, limit: query.limit };
    // Another tenant's claims: an empty list, but a bad cursor is still refused.
    if (filters === null) {
      if (page.cursor !== undefined) readClaimsCursor(page.cursor);
      return { items: [], nextCursor: null };
    }
    return this.claims.list(filters, page, read);
  }
}
