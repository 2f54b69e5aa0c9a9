import { Inject, Injectable } from '@nestjs/common';
import {
  assessCoverage,
  type CoverageAssessment,
  dayOf,
  normalizeSerialNumber,
  notRegistered,
  productIdFor,
} from '@warranty/coverage';
import { readRegisteredUnit } from '@warranty/contracts/registration';
import { EVENT_STORE, type EventStore } from '@warranty/event-store';
import { type CommandContext, type CommandResult, nameBasedId } from '@warranty/eventsourcing';
import { InputValidationError } from '@warranty/platform';
import type { Money, RepairOrderEvent } from '../domain/events';
import type { OpenRepairOrder } from '../domain/repair-order.commands';
import { repairOrderDecider } from '../domain/repair-order.decider';
import { noRepairOrder, type RepairOrderState, repairStream } from '../domain/repair-order.state';
import { canSeeRepairOrder, repairOrderNotFound } from './repair-access';
import { RepairRatesBook } from './repair-rates-book';
import { RepairStreams } from './repair-streams';

/** Namespace of repair order ids derived from a tenant and its Idempotency-Key. */
const REPAIR_ORDER_ID_NAMESPACE = 'warranty/repairs/repair-order';

export interface RepairOrderRequest {
  manufacturerId: string;
  serviceCenterId: string;
  serialNumber: string;
  claimId?: string;
  rmaId?: string;
  reportedDefect: string;
  planLimit?: Money;
  goodwill?: boolean;
}

const invalid = (field: string, message: string) => new InputValidationError([{ field, message }]);

/** A repair is covered when the plan covers both parts and labor on the day it opens. */
function repairCoverage(assessments: CoverageAssessment[]): CoverageAssessment {
  return assessments.find((a) => !a.covered) ?? assessments[0];
}

/**
 * The manufacturer opens a repair order at a service center. Coverage comes from the unit's
 * registration stream, folded with registration's published fold (as claims and returns do); the
 * service center's rates are taken into the order. The id derives from the tenant and the
 * Idempotency-Key, so a retry after a crash finds the order instead of opening a second one.
 */
@Injectable()
export class RepairIntake {
  constructor(
    private readonly streams: RepairStreams,
    private readonly rates: RepairRatesBook,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async open(
    request: RepairOrderRequest,
    context: CommandContext,
    options: { idempotencyKey?: string } = {},
  ): Promise<CommandResult<RepairOrderEvent, RepairOrderState>> {
    const { actor } = context;
    if (actor.role === 'manufacturer' && request.manufacturerId !== actor.tenantId)
      throw invalid(
        'manufacturerId',
        'A manufacturer opens repair orders on its own products only',
      );
    const serialNumber = normalizeSerialNumber(request.serialNumber);
    if (!serialNumber)
      throw invalid(
        'serialNumber',
        'A serial number is 1-64 letters, digits, dots, dashes or underscores',
      );
    const repairOrderId =
      options.idempotencyKey === undefined
        ? this.streams.ids.newId()
        : nameBasedId(REPAIR_ORDER_ID_NAMESPACE, actor.tenantId, options.idempotencyKey);
    const existing = await this.alreadyOpened(repairOrderId, context);
    if (existing) return existing;

    const at = this.streams.now();
    const productId = productIdFor(request.manufacturerId, serialNumber);
    const unit = await readRegisteredUnit(this.store, productId);
    const coverage = unit
      ? repairCoverage([
          assessCoverage(unit.facts.coverage, dayOf(at), 'parts'),
          assessCoverage(unit.facts.coverage, dayOf(at), 'labor'),
        ])
      : notRegistered();
    const command: OpenRepairOrder = {
      type: 'OpenRepairOrder',
      repairOrderId,
      manufacturerId: request.manufacturerId,
      retailerId: unit?.facts.retailerId ?? null,
      serviceCenterId: request.serviceCenterId,
      claimId: request.claimId ?? null,
      rmaId: request.rmaId ?? null,
      serialNumber,
      productId: unit ? productId : null,
      model: unit?.facts.model ?? null,
      covered: coverage.covered,
      notCoveredReason: coverage.reason,
      planCode: coverage.planCode,
      planLimit: request.planLimit ?? null,
      goodwill: request.goodwill ?? false,
      reportedDefect: request.reportedDefect,
      rates: await this.rates.require(request.manufacturerId, request.serviceCenterId),
      by: actor.tenantId,
      at,
    };
    // Refuse bad input before anything is written.
    repairOrderDecider.decide(command, noRepairOrder);
    try {
      return await this.streams.orders.handle(repairStream(repairOrderId), command, {
        ...context,
        expectedRevision: undefined,
      });
    } catch (error) {
      // A retry racing its own first attempt: that attempt's order is the answer.
      const opened = await this.alreadyOpened(repairOrderId, context);
      if (opened) return opened;
      throw error;
    }
  }

  private async alreadyOpened(repairOrderId: string, context: CommandContext) {
    const streamId = repairStream(repairOrderId);
    const { state, revision } = await this.streams.orders.load(streamId);
    if (state.status === 'none') return null;
    if (!canSeeRepairOrder(context.actor, state)) throw repairOrderNotFound(repairOrderId);
    return { streamId, events: [], state, revision };
  }
}
