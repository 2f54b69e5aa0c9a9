import { Injectable } from '@nestjs/common';
import { addDays, dayOf, normalizeSerialNumber } from '@warranty/coverage';
import { type CommandContext, type CommandResult, nameBasedId } from '@warranty/eventsourcing';
import { ApiProblem, InputValidationError, maySee } from '@warranty/platform';
import type { Money, RmaEvent, RmaLine, RmaType, Shipment, ShipTo } from '../domain/events';
import type { AuthorizeRma } from '../domain/rma.commands';
import { rmaDecider } from '../domain/rma.decider';
import { noRma, type RmaState, rmaStream } from '../domain/rma.state';
import { reservedNumber, rmaNumbersStream } from '../domain/rma-numbers';
import { endedBecause } from '@warranty/contracts/registration';
import { returnPolicyStream } from '../domain/return-policy';
import { ApprovedClaims } from './approved-claims';
import { RmaDeadlines } from './rma-deadlines';
import { canSeeRma, rmaNotFound } from './rma-access';
import { RmaStreams } from './rma-streams';
import { RmaUnits } from './rma-units';
import { type SoldUnit, SoldUnits } from './sold-units';

/** Namespace of RMA ids derived from a tenant and its Idempotency-Key, or from a claim. */
const RMA_ID_NAMESPACE = 'warranty/returns/rma';
/** Validates the command before a number is taken; never written. */
const PLACEHOLDER_NUMBER = 'RMA-0000-000000';

export interface RmaRequestLine {
  serialNumber: string;
  /** Only for a unit that was never registered; a registered unit's price is its sale's. */
  price?: Money;
  model?: string;
}

export interface RmaRequest {
  type: RmaType;
  manufacturerId: string;
  claimId?: string;
  /** Only for unregistered units without a claim: whose RMA the retailer may see. */
  retailerId?: string;
  /** A warranty return defaults to its claim's unit. */
  lines?: RmaRequestLine[];
  shipTo: ShipTo;
  shippingLabel: Shipment;
  deposit?: Money;
}

/** A warranty return always fulfils a claim; an advance exchange may (when the plan gives one). */
const namesClaim = (request: RmaRequest) =>
  request.type === 'warranty_return' ||
  (request.type === 'advance_exchange' && request.claimId !== undefined);

/** An advance exchange for a claim holds its unit's sale price unless the request names a deposit. */
function depositFor(
  request: RmaRequest,
  claim: { serialNumber: string } | null,
  lines: Array<{ line: RmaLine }>,
): Money | null {
  if (request.type !== 'advance_exchange' || !claim) return null;
  return lines.find(({ line }) => line.serialNumber === claim.serialNumber)?.line.price ?? null;
}

const invalid = (field: string, message: string) => new InputValidationError([{ field, message }]);

/** A unit whose registration ended: known and visible to the caller, so a conflict, not bad input. */
const registrationEnded = (serialNumber: string, unit: SoldUnit) =>
  new ApiProblem(
    409,
    'registration-cancelled',
    'Conflict',
    `${serialNumber}'s registration was cancelled: ${endedBecause(unit.cancelledFor ?? '')}. No RMA can return it again.`,
    { serialNumber, productId: unit.productId, reason: unit.cancelledFor },
  );

/**
 * Authorization writes three kinds of stream, the RMA last, so that nothing can fail after it:
 *  1. each line's unit index takes the unit for this RMA id (expected revision: of two
 *     authorizations for one unit one wins, the other gets 409 before anything else is written);
 *  2. the manufacturer's counter reserves the next number for this RMA id (expected revision:
 *     simultaneous authorizations each get their own number, in order, without gaps);
 *  3. RmaAuthorized with that number, on a stream that must not exist yet; its expiry timer is
 *     scheduled just before.
 * The RMA id derives from the claim (a warranty return) or from the tenant and Idempotency-Key; the
 * index and the counter answer a second take or reservation for the same id with the first, so a
 * retry after a crash at any point completes the same RMA with the same number; an RMA already
 * there is the answer.
 */
@Injectable()
export class RmaAuthorization {
  constructor(
    private readonly streams: RmaStreams,
    private readonly units: SoldUnits,
    private readonly claims: ApprovedClaims,
    private readonly deadlines: RmaDeadlines,
    private readonly rmaUnits: RmaUnits,
  ) {}

  async authorize(
    request: RmaRequest,
    context: CommandContext,
    options: { idempotencyKey?: string } = {},
  ): Promise<CommandResult<RmaEvent, RmaState>> {
    const { actor } = context;
    if (actor.role === 'manufacturer' && request.manufacturerId !== actor.tenantId)
      throw invalid('manufacturerId', 'A manufacturer authorizes RMAs for its own products only');
    if (actor.role === 'retailer' && request.type !== 'refund_return')
      throw new ApiProblem(
        403,
        'forbidden',
        'Forbidden',
        'A retailer opens refund returns only; the manufacturer authorizes the other types.',
      );
    const rmaId = this.rmaIdFor(request, context, options.idempotencyKey);
    const existing = await this.alreadyAuthorized(rmaId, context);
    if (existing) return existing;

    const at = this.streams.now();
    const claim = await this.claimFor(request, context);
    const lines = await this.linesFor(request, claim?.serialNumber, context);
    const retailerId = this.retailerOf(request, lines, claim?.retailerId ?? null, context);
    if (request.type === 'refund_return') await this.insideReturnWindow(lines, retailerId, at);
    const { state: policy } = await this.streams.policies.load(
      returnPolicyStream(request.manufacturerId),
    );
    const command: AuthorizeRma = {
      type: 'AuthorizeRma',
      rmaId,
      rmaNumber: PLACEHOLDER_NUMBER,
      rmaType: request.type,
      manufacturerId: request.manufacturerId,
      retailerId,
      claimId: claim?.claimId ?? null,
      lines: lines.map(({ line }) => line),
      shipTo: request.shipTo,
      returnBy: addDays(dayOf(at), policy.receiptDeadlineDays),
      shippingLabel: request.shippingLabel,
      deposit: request.deposit ?? depositFor(request, claim, lines),
      by: actor.tenantId,
      at,
    };
    // Refuse bad input before a unit or a number is taken.
    rmaDecider.decide(command, noRma);
    // Before the number: a unit on another open RMA is refused without burning one.
    await this.rmaUnits.take(command, context);

    const { state: numbers } = await this.streams.numbers.handle(
      rmaNumbersStream(request.manufacturerId),
      {
        type: 'ReserveRmaNumber',
        manufacturerId: request.manufacturerId,
        rmaId,
        year: new Date(at).getUTCFullYear(),
        at,
      },
      // The counter converges on the RMA id itself, not on the request's command id.
      { ...context, expectedRevision: undefined, commandId: undefined },
    );
    // Before RmaAuthorized: a crash after it cannot lose the timer; one without it fires a no-op.
    await this.deadlines.scheduleExpiry(command, context.correlationId);
    try {
      return await this.streams.rmas.handle(
        rmaStream(rmaId),
        { ...command, rmaNumber: reservedNumber(numbers, rmaId)! },
        { ...context, expectedRevision: undefined },
      );
    } catch (error) {
      // A retry racing its own first attempt: that attempt's RMA is the answer.
      const authorized = await this.alreadyAuthorized(rmaId, context);
      if (authorized) return authorized;
      throw error;
    }
  }

  private rmaIdFor(request: RmaRequest, context: CommandContext, key: string | undefined): string {
    if (namesClaim(request) && request.claimId)
      return nameBasedId(RMA_ID_NAMESPACE, 'claim', request.claimId);
    return key === undefined
      ? this.streams.ids.newId()
      : nameBasedId(RMA_ID_NAMESPACE, context.actor.tenantId, key);
  }

  private async alreadyAuthorized(rmaId: string, context: CommandContext) {
    const streamId = rmaStream(rmaId);
    const { state, revision } = await this.streams.rmas.load(streamId);
    if (state.status === 'none') return null;
    if (!canSeeRma(context.actor, state)) throw rmaNotFound(rmaId);
    return { streamId, events: [], state, revision };
  }

  private async claimFor(request: RmaRequest, context: CommandContext) {
    if (!namesClaim(request)) {
      if (request.claimId !== undefined)
        throw invalid('claimId', 'Only a warranty return or an advance exchange names a claim');
      return null;
    }
    if (!request.claimId) throw invalid('claimId', 'A warranty return names its approved claim');
    const claim = await this.claims.find(request.claimId);
    const visible =
      claim && claim.manufacturerId === request.manufacturerId && maySee(context.actor, claim);
    if (!visible)
      throw invalid('claimId', `No claim ${request.claimId} on this manufacturer's products`);
    const allowed = request.type === 'advance_exchange' ? ['replace'] : ['repair', 'replace'];
    if (!allowed.includes(claim.approvedFor ?? ''))
      throw new ApiProblem(
        409,
        'claim-not-approved-for-return',
        'Conflict',
        request.type === 'advance_exchange'
          ? `Claim ${claim.claimId} is not approved for a replacement; an advance exchange needs that.`
          : `Claim ${claim.claimId} is not approved for a repair or a replacement; a warranty return needs that.`,
        { claimId: claim.claimId },
      );
    return claim;
  }

  /** Each line's unit as registration knows it; another retailer's unit counts as unregistered. */
  private async linesFor(
    request: RmaRequest,
    claimSerial: string | undefined,
    context: CommandContext,
  ) {
    const requested = request.lines ?? (claimSerial ? [{ serialNumber: claimSerial }] : []);
    if (requested.length === 0) throw invalid('lines', 'An RMA returns at least one unit');
    const lines: Array<{ line: RmaLine; unit: SoldUnit | null }> = [];
    for (const [i, given] of requested.entries()) {
      const serialNumber = normalizeSerialNumber(given.serialNumber);
      if (!serialNumber)
        throw invalid(
          `lines[${i}].serialNumber`,
          'A serial number is 1-64 letters, digits, dots, dashes or underscores',
        );
      const found = await this.units.find(request.manufacturerId, serialNumber);
      const unit =
        found &&
        maySee(context.actor, {
          manufacturerId: request.manufacturerId,
          retailerId: found.retailerId,
        })
          ? found
          : null;
      if (context.actor.role === 'retailer' && !unit)
        throw invalid(
          `lines[${i}].serialNumber`,
          `${serialNumber} is not a unit you sold and registered`,
        );
      // A unit refunded or replaced went back to the manufacturer: nothing more comes back under it.
      if (unit && !unit.active) throw registrationEnded(serialNumber, unit);
      lines.push({
        unit,
        line: {
          lineId: `line-${i + 1}`,
          serialNumber,
          productId: unit?.productId ?? null,
          model: unit?.model ?? given.model ?? null,
          price: unit?.price ?? given.price ?? null,
        },
      });
    }
    if (claimSerial && !lines.some(({ line }) => line.serialNumber === claimSerial))
      throw invalid('lines', `The claim's unit ${claimSerial} must be one of the lines`);
    return lines;
  }

  private retailerOf(
    request: RmaRequest,
    lines: Array<{ unit: SoldUnit | null }>,
    claimRetailer: string | null,
    context: CommandContext,
  ): string | null {
    if (context.actor.role === 'retailer') return context.actor.tenantId;
    const sellers = new Set(lines.flatMap(({ unit }) => (unit ? [unit.retailerId] : [])));
    if (claimRetailer) sellers.add(claimRetailer);
    if (sellers.size > 1) throw invalid('lines', 'One RMA returns units sold by one retailer');
    return [...sellers][0] ?? request.retailerId ?? null;
  }

  private async insideReturnWindow(
    lines: Array<{ line: RmaLine; unit: SoldUnit | null }>,
    retailerId: string | null,
    at: string,
  ) {
    const unregistered = lines.findIndex(({ unit }) => unit === null);
    if (unregistered >= 0 || retailerId === null)
      throw invalid(
        `lines[${Math.max(unregistered, 0)}].serialNumber`,
        'A refund return needs the registered sale of each unit',
      );
    const { state: policy } = await this.streams.policies.load(returnPolicyStream(retailerId));
    const today = dayOf(at);
    for (const { line, unit } of lines) {
      if (!unit) continue;
      const lastDay = addDays(unit.purchaseDate, policy.returnWindowDays);
      if (today > lastDay)
        throw new ApiProblem(
          409,
          'return-window-closed',
          'Conflict',
          `The return window for ${line.serialNumber} (bought ${unit.purchaseDate}, ${policy.returnWindowDays} days) closed on ${lastDay}.`,
          {
            serialNumber: line.serialNumber,
            purchaseDate: unit.purchaseDate,
            windowClosedOn: lastDay,
          },
        );
    }
  }
}
