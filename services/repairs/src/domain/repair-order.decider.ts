import {
  AggregateNotFoundError,
  type Decider,
  ensure,
  IllegalStateError,
} from '@warranty/eventsourcing';
import {
  QUALITY_CHECK_FAILURES_FLAGGED,
  type RepairOrderEvent,
  type RepairCosts,
  type RepairOrderStatus,
  type RepairPart,
  type RepairRates,
} from './events';
import {
  allExact,
  type CostBasis,
  estimateTotal,
  markedUp,
  partsCostOf,
  planShare,
  repairCosts,
} from './repair-costs';
import type {
  OpenRepairOrder,
  RepairOrderCommand,
  RepairOrderCommandType,
} from './repair-order.commands';
import { evolveRepairOrder } from './repair-order.evolve';
import {
  noRepairOrder,
  outstandingParts,
  type RepairOrder,
  type RepairOrderState,
  repairStream,
} from './repair-order.state';

type Step = Exclude<RepairOrderCommand, OpenRepairOrder>;
type StepType = Exclude<RepairOrderCommandType, 'OpenRepairOrder'>;

/** Before work starts: a diagnosis is work, and moving the order would wipe it and its fee. */
const BEFORE_WORK: readonly RepairOrderStatus[] = ['opened', 'assigned'];

/** The states each step is accepted in. */
export const REPAIR_ORDER_TRANSITIONS: Readonly<Record<StepType, readonly RepairOrderStatus[]>> = {
  AssignTechnician: [
    ...BEFORE_WORK,
    'diagnosed',
    'awaiting_approval',
    'approved',
    'declined',
    'awaiting_parts',
    'in_repair',
    'quality_check',
    'ready_to_ship',
  ],
  RecordDiagnosis: ['assigned'],
  ApproveEstimate: ['awaiting_approval'],
  DeclineEstimate: ['awaiting_approval'],
  OrderParts: ['diagnosed', 'approved', 'awaiting_parts', 'in_repair'],
  ReceiveParts: ['awaiting_parts'],
  LogRepairWork: ['diagnosed', 'approved', 'in_repair'],
  CompleteRepair: ['in_repair'],
  RecordQualityCheck: ['quality_check'],
  ShipUnitBack: ['ready_to_ship', 'declined'],
  CloseRepairOrder: ['shipped'],
  DeclareUnrepairable: [
    'assigned',
    'diagnosed',
    'awaiting_approval',
    'approved',
    'awaiting_parts',
    'in_repair',
    'quality_check',
  ],
  ReassignRepairOrder: BEFORE_WORK,
};

const VERBS: Record<StepType, string> = {
  AssignTechnician: 'assign a technician to',
  RecordDiagnosis: 'record a diagnosis on',
  ApproveEstimate: 'approve the estimate of',
  DeclineEstimate: 'decline the estimate of',
  OrderParts: 'order parts for',
  ReceiveParts: 'receive parts for',
  LogRepairWork: 'log work on',
  CompleteRepair: 'complete',
  RecordQualityCheck: 'record a quality check on',
  ShipUnitBack: 'ship back the unit of',
  CloseRepairOrder: 'close',
  DeclareUnrepairable: 'declare unrepairable',
  ReassignRepairOrder: 'reassign',
};

const isText = (value: unknown): value is string =>
  typeof value === 'string' && value.trim() !== '';

function existing(state: RepairOrderState, command: Step): RepairOrder {
  if (state.status === 'none')
    throw new AggregateNotFoundError(repairStream(command.repairOrderId));
  if (state.ended)
    throw new IllegalStateError(
      `Repair order ${state.repairOrderId} is ${state.status} and accepts no further steps`,
      state.status,
      `repair-order-${state.status}`,
    );
  return state;
}

function inState(state: RepairOrderState, command: Step): RepairOrder {
  const order = existing(state, command);
  if (!REPAIR_ORDER_TRANSITIONS[command.type].includes(order.status))
    throw new IllegalStateError(
      `Cannot ${VERBS[command.type]} repair order ${order.repairOrderId}: it is ${order.status}`,
      order.status,
      'illegal-transition',
    );
  return order;
}

function requireText(value: string, field: string): string {
  ensure(isText(value), 'field-required', field, `${field} is required`);
  return value.trim();
}

const currencyOf = (rates: RepairRates): string => rates.laborRatePerHour.currency;

function checkRates(rates: RepairRates): void {
  ensure(
    rates.diagnosisFee.currency === currencyOf(rates),
    'currency-mismatch',
    'rates.diagnosisFee.currency',
    'The diagnosis fee and labor rate are in one currency',
  );
}

function checkParts(parts: readonly RepairPart[], rates: RepairRates, field: string): void {
  ensure(
    new Set(parts.map((part) => part.sku)).size === parts.length,
    'duplicate-sku',
    field,
    'Each SKU appears once; add up its quantity',
  );
  ensure(
    parts.every((part) => part.unitCost.currency === currencyOf(rates)),
    'currency-mismatch',
    field,
    `Parts are costed in ${currencyOf(rates)}, the currency of the service center's rates`,
  );
}

/** Figures past what a number holds exactly would be stored wrong, so nothing is written. */
function ensureExact(amounts: number[], field: string): void {
  ensure(
    allExact(...amounts),
    'amount-too-large',
    field,
    'The amounts this would make the repair cost are too large to be recorded exactly',
  );
}

/** The closing figures of the order on this basis, refused if any is not exact. */
function closingCosts(
  order: RepairOrder,
  field: string,
  basis: Partial<Pick<CostBasis, 'receivedParts' | 'laborMinutes' | 'diagnosisFee' | 'planPays'>>,
): RepairCosts {
  const costs = repairCosts({
    rates: order.rates,
    covered: order.covered,
    planLimit: order.planLimit,
    receivedParts: order.partsReceived,
    laborMinutes: order.laborMinutes,
    diagnosisFee: true,
    planPays: true,
    ...basis,
  });
  const { laborMinutes: _, ...amounts } = costs;
  ensureExact(
    Object.values(amounts).map((money) => money.amount),
    field,
  );
  return costs;
}

function open(command: OpenRepairOrder, state: RepairOrderState): RepairOrderEvent[] {
  if (state.status !== 'none')
    throw new IllegalStateError(
      `Repair order ${state.repairOrderId} was already opened; it is ${state.status}`,
      state.status,
      'repair-order-already-opened',
    );
  checkRates(command.rates);
  ensure(
    command.planLimit === null || command.planLimit.currency === currencyOf(command.rates),
    'currency-mismatch',
    'planLimit.currency',
    `The plan limit is in ${currencyOf(command.rates)}, the currency of the service center's rates`,
  );
  const { type: _, at, by, ...opened } = command;
  // Goodwill covers what the plan does not, so the manufacturer pays as for a covered unit.
  const goodwill = command.goodwill === true && !command.covered;
  return [
    {
      type: 'RepairOrderOpened',
      data: {
        ...opened,
        covered: command.covered || goodwill,
        notCoveredReason: goodwill ? null : command.notCoveredReason,
        goodwill,
        reportedDefect: requireText(command.reportedDefect, 'reportedDefect'),
        openedBy: requireText(by, 'by'),
        at,
      },
    },
  ];
}

function decide(command: Step, state: RepairOrderState): RepairOrderEvent[] {
  const order = inState(state, command);
  const { repairOrderId, at } = command;
  const by = requireText(command.by, 'by');
  const currency = currencyOf(order.rates);
  switch (command.type) {
    case 'AssignTechnician':
      return [
        {
          type: 'TechnicianAssigned',
          data: {
            repairOrderId,
            serviceCenterId: order.serviceCenterId,
            technician: requireText(command.technician, 'technician'),
            by,
            at,
          },
        },
      ];
    case 'RecordDiagnosis': {
      checkParts(command.parts, order.rates, 'parts');
      const total = estimateTotal(command.parts, command.laborMinutes, order.rates);
      const customerShare = total.amount - planShare(total.amount, order.covered, order.planLimit);
      ensureExact([markedUp(partsCostOf(command.parts), order.rates)], 'parts');
      ensureExact([total.amount, customerShare], 'laborMinutes');
      return [
        {
          type: 'DiagnosisRecorded',
          data: {
            repairOrderId,
            findings: requireText(command.findings, 'findings'),
            faultCode: requireText(command.faultCode, 'faultCode'),
            estimate: { parts: command.parts, laborMinutes: command.laborMinutes, total },
            customerShare: { amount: customerShare, currency },
            approvalRequired: customerShare > 0,
            by,
            at,
          },
        },
      ];
    }
    case 'ApproveEstimate':
      return [
        {
          type: 'EstimateApproved',
          data: {
            repairOrderId,
            retailerId: command.retailerId,
            customerShare: order.diagnosis!.customerShare,
            by,
            at,
          },
        },
      ];
    case 'DeclineEstimate':
      return [
        {
          type: 'EstimateDeclined',
          data: {
            repairOrderId,
            retailerId: command.retailerId,
            reason: requireText(command.reason, 'reason'),
            diagnosisFee: order.rates.diagnosisFee,
            by,
            at,
          },
        },
      ];
    case 'OrderParts':
      checkParts(command.parts, order.rates, 'parts');
      return [
        {
          type: 'PartsOrdered',
          data: {
            repairOrderId,
            parts: command.parts,
            supplierReference: command.supplierReference.trim(),
            by,
            at,
          },
        },
      ];
    case 'ReceiveParts': {
      checkParts(command.parts, order.rates, 'parts');
      const outstanding = outstandingParts(order);
      for (const part of command.parts)
        ensure(
          part.quantity <= (outstanding[part.sku] ?? 0),
          'parts-not-outstanding',
          'parts',
          `${part.sku}: ${outstanding[part.sku] ?? 0} outstanding, ${part.quantity} received`,
        );
      // Checked as the order would close at most, so that an order can always be closed.
      closingCosts(order, 'parts', { receivedParts: [...order.partsReceived, ...command.parts] });
      const left = Object.entries(outstanding).some(
        ([sku, quantity]) =>
          quantity > (command.parts.find((part) => part.sku === sku)?.quantity ?? 0),
      );
      return [
        {
          type: 'PartsReceived',
          data: { repairOrderId, parts: command.parts, allReceived: !left, by, at },
        },
      ];
    }
    case 'LogRepairWork':
      closingCosts(order, 'laborMinutes', {
        laborMinutes: order.laborMinutes + command.laborMinutes,
      });
      return [
        {
          type: 'RepairWorkLogged',
          data: {
            repairOrderId,
            laborMinutes: command.laborMinutes,
            notes: command.notes.trim(),
            by,
            at,
          },
        },
      ];
    case 'CompleteRepair':
      return [
        { type: 'RepairCompleted', data: { repairOrderId, notes: command.notes.trim(), by, at } },
      ];
    case 'RecordQualityCheck': {
      if (command.passed)
        return [
          {
            type: 'QualityCheckPassed',
            data: { repairOrderId, notes: command.notes.trim(), by, at },
          },
        ];
      const failureCount = order.qualityCheckFailures + 1;
      return [
        {
          type: 'QualityCheckFailed',
          data: {
            repairOrderId,
            reason: requireText(command.notes, 'notes'),
            failureCount,
            flagged: failureCount >= QUALITY_CHECK_FAILURES_FLAGGED,
            by,
            at,
          },
        },
      ];
    }
    case 'ShipUnitBack':
      return [
        {
          type: 'UnitShippedBack',
          data: {
            repairOrderId,
            carrier: requireText(command.carrier, 'carrier'),
            trackingNumber: requireText(command.trackingNumber, 'trackingNumber'),
            repaired: order.status === 'ready_to_ship',
            by,
            at,
          },
        },
      ];
    case 'CloseRepairOrder': {
      const repaired = order.shipment!.repaired;
      return [
        {
          type: 'RepairOrderClosed',
          data: {
            repairOrderId,
            outcome: repaired ? 'repaired' : 'returned_unrepaired',
            costs: closingCosts(order, 'costs', { diagnosisFee: !repaired, planPays: repaired }),
            by,
            at,
          },
        },
      ];
    }
    case 'DeclareUnrepairable':
      return [
        {
          type: 'UnrepairableDeclared',
          data: {
            repairOrderId,
            reason: requireText(command.reason, 'reason'),
            previousState: order.status,
            replacementRequested: true,
            claimId: order.claimId,
            rmaId: order.rmaId,
            costs: closingCosts(order, 'costs', {}),
            by,
            at,
          },
        },
      ];
    case 'ReassignRepairOrder':
      ensure(
        command.serviceCenterId !== order.serviceCenterId,
        'same-service-center',
        'serviceCenterId',
        `The order is already at ${order.serviceCenterId}`,
      );
      checkRates(command.rates);
      ensure(
        currencyOf(command.rates) === currency,
        'currency-mismatch',
        'serviceCenterId',
        `The new service center's rates are not in ${currency}`,
      );
      return [
        {
          type: 'RepairOrderReassigned',
          data: {
            repairOrderId,
            fromServiceCenterId: order.serviceCenterId,
            toServiceCenterId: command.serviceCenterId,
            rates: command.rates,
            reason: requireText(command.reason, 'reason'),
            previousState: order.status,
            by,
            at,
          },
        },
      ];
  }
}

export const repairOrderDecider: Decider<RepairOrderCommand, RepairOrderEvent, RepairOrderState> = {
  initialState: noRepairOrder,
  decide: (command, state) =>
    command.type === 'OpenRepairOrder' ? open(command, state) : decide(command, state),
  evolve: evolveRepairOrder,
};
