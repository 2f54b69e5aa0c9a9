import type { FastifyReply } from 'fastify';
import { Controller, Get, Inject, Optional, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type CoverageKind, normalizeSerialNumber } from '@warranty/coverage';
import { type Actor, CLOCK, type Clock } from '@warranty/eventsourcing';
import {
  CurrentActor,
  InputValidationError,
  maySee,
  noRepairOrders,
  QueryOperation,
  REPAIR_ORDER_HOLDERS,
  type RepairOrderHolders,
} from '@warranty/platform';
import { CoverageQuery } from '../queries/coverage.query';
import { CoverageQueryDto } from './dto/coverage-query.dto';
import { CoverageAnswerView } from './responses/coverage.response';
import { readOptions } from '@warranty/platform';

@ApiTags('coverage')
@Controller('v1/coverage')
export class CoverageController {
  constructor(
    private readonly coverage: CoverageQuery,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional()
    @Inject(REPAIR_ORDER_HOLDERS)
    private readonly repairs: RepairOrderHolders = noRepairOrders,
  ) {}

  @Get()
  @QueryOperation({
    summary: 'Is a unit covered on a day for a kind of repair?',
    description:
      'The plan, the last covered day and why not; units the caller may not see answer not_registered.',
    type: CoverageAnswerView,
    readModel: true,
  })
  async check(
    @Query() query: CoverageQueryDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: FastifyReply,
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
    // A unit the caller may not see answers as not registered, so nothing leaks.
    const visible =
      answer.productId !== null &&
      maySee(actor, {
        ...answer.unit,
        serviceCenterIds:
          actor.role === 'service_center' ? await this.repairs.forUnit(answer.productId) : [],
      });
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
