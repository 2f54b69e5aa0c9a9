import { type RepairOrderEvent, repairOrderStatusAfter } from './events';
import type { RepairOrder, RepairOrderState } from './repair-order.state';

function evolveOrder(order: RepairOrder, event: RepairOrderEvent): RepairOrder {
  switch (event.type) {
    case 'RepairOrderOpened':
      return order;
    case 'TechnicianAssigned':
      return { ...order, technician: event.data.technician };
    case 'DiagnosisRecorded': {
      const { repairOrderId: _, ...diagnosis } = event.data;
      return { ...order, diagnosis };
    }
    case 'EstimateApproved':
    case 'EstimateDeclined':
      return {
        ...order,
        estimateDecision: {
          decision: event.type === 'EstimateApproved' ? 'approved' : 'declined',
          by: event.data.by,
          at: event.data.at,
        },
      };
    case 'PartsOrdered': {
      const partsOrdered = { ...order.partsOrdered };
      for (const part of event.data.parts)
        partsOrdered[part.sku] = (partsOrdered[part.sku] ?? 0) + part.quantity;
      return { ...order, partsOrdered };
    }
    case 'PartsReceived':
      return { ...order, partsReceived: [...order.partsReceived, ...event.data.parts] };
    case 'RepairWorkLogged':
      return { ...order, laborMinutes: order.laborMinutes + event.data.laborMinutes };
    case 'RepairCompleted':
    case 'QualityCheckPassed':
      return order;
    case 'QualityCheckFailed':
      return {
        ...order,
        qualityCheckFailures: event.data.failureCount,
        flagged: order.flagged || event.data.flagged,
      };
    case 'UnitShippedBack': {
      const { carrier, trackingNumber, repaired, at } = event.data;
      return { ...order, shipment: { carrier, trackingNumber, repaired, at } };
    }
    case 'RepairOrderClosed':
      return {
        ...order,
        ended: {
          outcome: event.data.outcome,
          reason: null,
          costs: event.data.costs,
          at: event.data.at,
        },
      };
    case 'UnrepairableDeclared':
      return {
        ...order,
        ended: {
          outcome: 'unrepairable',
          reason: event.data.reason,
          costs: event.data.costs,
          at: event.data.at,
        },
      };
    case 'RepairOrderReassigned':
      return {
        ...order,
        serviceCenterId: event.data.toServiceCenterId,
        rates: event.data.rates,
        technician: null,
        diagnosis: null,
        estimateDecision: null,
      };
  }
}

export function evolveRepairOrder(
  state: RepairOrderState,
  event: RepairOrderEvent,
): RepairOrderState {
  if (event.type === 'RepairOrderOpened') {
    const { at, ...opened } = event.data;
    return {
      ...opened,
      goodwill: opened.goodwill ?? false,
      status: 'opened',
      technician: null,
      diagnosis: null,
      estimateDecision: null,
      partsOrdered: {},
      partsReceived: [],
      laborMinutes: 0,
      qualityCheckFailures: 0,
      flagged: false,
      shipment: null,
      ended: null,
      openedAt: at,
      updatedAt: at,
    };
  }
  if (state.status === 'none') return state;
  return {
    ...evolveOrder(state, event),
    status: repairOrderStatusAfter(state.status, event),
    updatedAt: event.data.at,
  };
}
