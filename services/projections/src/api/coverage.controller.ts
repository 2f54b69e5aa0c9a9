import type { Response } from 'express';
import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type CoverageKind, normalizeSerialNumber } from '@warranty/coverage';
import { type Actor, CLOCK, type Clock } from '@warranty/eventsourcing';
import { CurrentActor, InputValidationError } from '@warranty/platform';
import { CoverageQuery } from '../queries/coverage.query';
import { CoverageQueryDto } from './dto/coverage-query.dto';
import { readOptions } from './read-freshness';

/** Which units a caller may see coverage of; others answer as not registered, so nothing leaks. */
function maySee(
  actor: Actor,
  unit: { manufacturerId: string; retailerId: string | null },
): boolean {
  if (actor.role === 'manufacturer') return unit.manufacturerId === actor.tenantId;
  if (actor.role === 'retailer') return unit.retailerId === actor.tenantId;
  return true;
}

@ApiTags('coverage')
@Controller('v1/coverage')
export class CoverageController {
  constructor(
    private readonly coverage: CoverageQuery,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOkResponse({
    description: 'Covered or not on the date for the kind, the plan, the end date and why not',
  })
  async check(
    @Query() query: CoverageQueryDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ) {
    const serialNumber = normalizeSerialNumber(query.serialNumber);
    if (!serialNumber) {
      throw new InputValidationError([
        {
          field: 'serialNumber',
          message: 'serialNumber must be 1-64 letters, digits, dots, dashes or underscores',
        },
      ]);
    }
    const on = query.on ?? this.clock.now().toISOString().slice(0, 10);
    const kind: CoverageKind = query.kind ?? 'parts';
    const answer = await this.coverage.check(
      { manufacturerId: query.manufacturerId, serialNumber, on, kind },
      readOptions(query.minPosition, response),
    );
    const visible = answer.productId !== null && maySee(actor, answer.unit);
    const assessment = visible
      ? {
          covered: answer.covered,
          reason: answer.reason,
          planCode: answer.planCode,
          endDate: answer.endDate,
          productId: answer.productId,
        }
      : {
          covered: false,
          reason: 'not_registered',
          planCode: null,
          endDate: null,
          productId: null,
        };
    return { manufacturerId: query.manufacturerId, serialNumber, on, kind, ...assessment };
  }
}
