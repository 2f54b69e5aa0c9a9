import type { ClaimEvent, ClaimOutcome, Resolution } from '@warranty/contracts/claims';
import type { RepairOrderEvent } from '@warranty/contracts/repairs';
import type { PlainDisposition, RmaEvent, RmaStatus } from '@warranty/contracts/returns';
import type { FulfilmentCase, Reaction, RemoteCommand, WorkflowCommand } from './fulfilment-case';
import { type FulfilmentPolicies, policyFor, serviceCenterFor } from './fulfilment-policy';

export type WorkflowEvent = ClaimEvent | RmaEvent | RepairOrderEvent;

/** What the workflow needs of a claim's warranty plan (registration's WarrantyPlanDefined). */
export interface PlanFacts {
  advanceExchange: boolean;
}

const nothing = (known: FulfilmentCase | null): Reaction => ({ case: known, commands: [] });
const send = (known: FulfilmentCase, ...commands: WorkflowCommand[]): Reaction => ({
  case: known,
  commands,
});

/**
 * A claim approved for a refund or a credit is paid directly with its approved amount: returns
 * opens warranty returns for repairs and replacements only, and a refund return is the retailer's
 * own, inside its return window, naming no claim.
 */
const DIRECT_OUTCOMES: Partial<Record<Resolution, ClaimOutcome>> = {
  refund: 'refunded',
  credit: 'credited',
};

/** A line disposed of without a remedy: what the claim is resolved with once its RMA closes. */
const UNREMEDIED_LINE = new Map<PlainDisposition, ClaimOutcome>([
  ['return_to_customer', 'returned_unrepaired'],
  ['scrap', 'scrapped'],
]);

/** An RMA closed in these states (by the workflow or by hand) ended its line without a remedy. */
const UNREMEDIED_CLOSE = new Map<RmaStatus, ClaimOutcome>([
  ['returned_to_customer', 'returned_unrepaired'],
  ['scrapped', 'scrapped'],
]);

/** The events whose reaction reads the manufacturer's policy; the others need no read of it. */
export const CONSULTS_POLICY: ReadonlySet<string> = new Set([
  'ClaimApproved',
  'ReturnInspected',
  'ClaimRejected',
  'ClaimResolved',
]);

/**
 * The fulfilment workflow (SPEC 2.5) as one pure function: an event and the case it belongs to
 * (null when the workflow has not seen the claim) give the case after it and the commands to send.
 * `policies` hold each manufacturer's policy as it stood when the event happened; `plan` is the
 * claim's warranty plan, for an approval.
 */
export function react(
  event: WorkflowEvent,
  known: FulfilmentCase | null,
  policies: FulfilmentPolicies = {},
  plan: PlanFacts | null = null,
): Reaction {
  if (event.type === 'ClaimFiled') {
    const { data } = event;
    return nothing(
      known ?? {
        claimId: data.claimId,
        manufacturerId: data.manufacturerId,
        serialNumber: data.serialNumber,
        productCategory: data.productCategory ?? data.defect.category,
        planCode: data.coverage?.planCode ?? null,
        reportedDefect: data.defect.description,
        resolution: null,
        rmaId: null,
        lineId: null,
        repairOrderId: null,
        outcome: null,
        resolved: false,
      },
    );
  }
  if (!known) return nothing(known);
  const closed = closing(event, known, policies);
  if (closed) return closed;
  if (known.resolved) return nothing(known);
  switch (event.type) {
    case 'ClaimApproved': {
      const paid = DIRECT_OUTCOMES[event.data.resolution];
      if (paid)
        return send(
          { ...known, resolution: event.data.resolution, outcome: paid, resolved: true },
          {
            type: 'ResolveClaim',
            claimId: known.claimId,
            outcome: paid,
            rmaId: null,
            repairOrderId: null,
          },
        );
      const policy = policyFor(policies, known.manufacturerId);
      // Only a replacement can go out ahead: a repair needs the unit itself.
      const ahead = event.data.resolution === 'replace' && plan?.advanceExchange === true;
      return send(
        { ...known, resolution: event.data.resolution, goodwill: event.data.goodwill === true },
        {
          type: ahead ? 'AuthorizeAdvanceExchange' : 'AuthorizeWarrantyReturn',
          claimId: known.claimId,
          manufacturerId: known.manufacturerId,
          shipTo: policy.returnsDepot,
          shippingLabel: {
            carrier: policy.returnCarrier,
            trackingNumber: `RET-${known.claimId.slice(0, 8).toUpperCase()}`,
          },
        },
      );
    }
    case 'RmaAuthorized': {
      const line = event.data.lines[0];
      if (event.data.claimId !== known.claimId || !line) return nothing(known);
      return send(
        { ...known, rmaId: event.data.rmaId, lineId: line.lineId },
        { type: 'StartFulfilment', claimId: known.claimId, rmaId: event.data.rmaId },
      );
    }
    case 'ReturnInspected': {
      // The replacement went out ahead; the unit's inspection completes the advance exchange.
      if (known.outcome === 'replaced' && known.rmaId) return closeRma(known, 'replaced');
      if (event.data.disposition !== 'repair' || known.repairOrderId) return nothing(known);
      const policy = policyFor(policies, known.manufacturerId);
      return send(known, {
        type: 'OpenRepairOrder',
        manufacturerId: known.manufacturerId,
        serviceCenterId: serviceCenterFor(policy, known.productCategory),
        serialNumber: known.serialNumber,
        claimId: known.claimId,
        rmaId: event.data.rmaId,
        reportedDefect: known.reportedDefect,
        goodwill: known.goodwill === true,
      });
    }
    case 'RepairOrderOpened':
      return nothing({ ...known, repairOrderId: event.data.repairOrderId });
    case 'RepairOrderReassigned':
      return nothing(known);
    case 'UnitShippedBack': {
      if (!known.rmaId || !known.lineId) return nothing(known);
      const outcome = event.data.repaired ? 'repaired' : 'returned_unrepaired';
      return send(
        { ...known, outcome },
        {
          type: 'ApplyRepairDisposition',
          rmaId: known.rmaId,
          lineId: known.lineId,
          repairOrderId: event.data.repairOrderId,
        },
        { type: 'CloseRma', rmaId: known.rmaId },
      );
    }
    case 'UnrepairableDeclared': {
      if (!known.rmaId || !known.lineId) return nothing(known);
      return send(known, {
        type: 'SwitchLineToExchange',
        rmaId: known.rmaId,
        lineId: known.lineId,
        reason: `Unrepairable: ${event.data.reason}`.slice(0, 2000),
        repairOrderId: event.data.repairOrderId,
      });
    }
    case 'ExchangeShipped':
      // Shipped ahead of the unit: the RMA stays open until the unit is back and inspected.
      if (event.data.advance) return nothing({ ...known, outcome: 'replaced' });
      return closeRma(known, 'replaced');
    case 'RefundIssued':
      return closeRma(known, 'refunded');
    case 'CreditIssued':
      return closeRma(known, 'credited');
    case 'LineDispositionApplied': {
      const outcome = UNREMEDIED_LINE.get(event.data.disposition);
      if (!outcome || event.data.lineId !== known.lineId) return nothing(known);
      return closeRma(known, outcome);
    }
    case 'RmaClosed': {
      if (event.data.rmaId !== known.rmaId) return nothing(known);
      const outcome = known.outcome ?? UNREMEDIED_CLOSE.get(event.data.finalState);
      return outcome ? resolve(known, outcome) : nothing(known);
    }
    // An advance exchange's replacement already went out: that stays the outcome.
    case 'RmaCancelled':
      if (event.data.rmaId !== known.rmaId) return nothing(known);
      return resolve(known, known.outcome ?? 'rma_cancelled');
    case 'RmaExpired':
      if (event.data.rmaId !== known.rmaId) return nothing(known);
      return resolve(known, known.outcome ?? 'not_returned');
    default:
      return nothing(known);
  }
}

/** SPEC 2.2's closing timers; they follow the claim even after the workflow's part is done. */
function closing(
  event: WorkflowEvent,
  known: FulfilmentCase,
  policies: FulfilmentPolicies,
): Reaction | null {
  const policy = policyFor(policies, known.manufacturerId);
  switch (event.type) {
    case 'ClaimRejected':
      return scheduleClosing(
        known,
        `claim-close-rejected-${known.claimId}-${instantOf(event.data.at)}`,
        event.data.at,
        policy.appealWindowDays,
      );
    case 'ClaimResolved':
      return scheduleClosing(
        { ...known, resolved: true },
        `claim-close-resolved-${known.claimId}`,
        event.data.at,
        policy.closeResolvedAfterDays,
      );
    case 'ClaimAppealed':
    case 'ClaimClosed':
      return nothing({ ...known, closingTimerId: null });
    default:
      return null;
  }
}

/** A claim rejected twice (before and after its appeal) has a timer for each rejection. */
const instantOf = (at: string) => at.replace(/[^0-9TZ]/g, '');

function scheduleClosing(known: FulfilmentCase, timerId: string, at: string, days: number) {
  const dueAt = new Date(Date.parse(at) + days * 86_400_000).toISOString();
  return send(
    { ...known, closingTimerId: timerId },
    {
      type: 'ScheduleClaimClosing',
      claimId: known.claimId,
      manufacturerId: known.manufacturerId,
      timerId,
      dueAt,
    },
  );
}

/** A closing timer fired: close the claim, unless an appeal or a later timer took its place. */
export function closingDue(known: FulfilmentCase | null, timerId: string): RemoteCommand[] {
  if (!known || known.closingTimerId !== timerId) return [];
  return [{ type: 'CloseClaim', claimId: known.claimId }];
}

/** The claim's RMA ended: the claim is resolved with what happened, the RMA and the repair order. */
function resolve(known: FulfilmentCase, outcome: ClaimOutcome): Reaction {
  return send(
    { ...known, outcome, resolved: true },
    {
      type: 'ResolveClaim',
      claimId: known.claimId,
      outcome,
      rmaId: known.rmaId,
      repairOrderId: known.repairOrderId,
    },
  );
}

function closeRma(known: FulfilmentCase, outcome: FulfilmentCase['outcome']): Reaction {
  if (!known.rmaId) return nothing(known);
  return send({ ...known, outcome }, { type: 'CloseRma', rmaId: known.rmaId });
}

/** Which claim an event belongs to, where the event names it; else the runner looks it up by RMA or repair order. */
export function caseKeyOf(
  event: WorkflowEvent,
): { claimId: string } | { rmaId: string } | { repairOrderId: string } | null {
  const data = event.data as { claimId?: string | null; rmaId?: string; repairOrderId?: string };
  if (typeof data.claimId === 'string') return { claimId: data.claimId };
  if (typeof data.rmaId === 'string') return { rmaId: data.rmaId };
  if (typeof data.repairOrderId === 'string') return { repairOrderId: data.repairOrderId };
  return null;
}
