import { randomUUID } from 'node:crypto';
import type { EventToAppend } from '@warranty/event-store';
import {
  type Money,
  type RepairCosts,
  type RepairOrderEvent,
  type RepairOrderOpened,
  repairStream,
} from '@warranty/contracts/repairs';

export interface TestRepair {
  repairOrderId: string;
  stream: string;
  manufacturerId: string;
  retailerId: string | null;
  serviceCenterId: string;
}

/** A fresh repair order id and its stream, `repair-{uuid}`. */
export function newRepair(parties: Omit<TestRepair, 'repairOrderId' | 'stream'>): TestRepair {
  const repairOrderId = randomUUID();
  return { ...parties, repairOrderId, stream: repairStream(repairOrderId) };
}

const eur = (amount: number): Money => ({ amount, currency: 'EUR' });
const rates = {
  laborRatePerHour: eur(6_000),
  partsMarkupBasisPoints: 1_500,
  diagnosisFee: eur(2_500),
};

/** Opened on serial SN-RP1 (registered), covered, as repairs records it. */
export function repairOpened(
  repair: TestRepair,
  overrides: Partial<RepairOrderOpened['data']> = {},
): RepairOrderOpened {
  const serialNumber = overrides.serialNumber ?? 'SN-RP1';
  return {
    type: 'RepairOrderOpened',
    data: {
      repairOrderId: repair.repairOrderId,
      manufacturerId: repair.manufacturerId,
      retailerId: repair.retailerId,
      serviceCenterId: repair.serviceCenterId,
      claimId: null,
      rmaId: null,
      serialNumber,
      productId: `${repair.manufacturerId}~${serialNumber}`,
      model: 'WM-9000',
      covered: true,
      notCoveredReason: null,
      planCode: 'STD-24',
      planLimit: null,
      reportedDefect: 'No power',
      rates,
      openedBy: 'desk-1',
      at: '2026-06-01T09:00:00.000Z',
      ...overrides,
    },
  };
}

const zeroCosts: RepairCosts = {
  partsCost: eur(0),
  partsCharge: eur(0),
  laborMinutes: 0,
  laborCost: eur(0),
  diagnosisFee: eur(0),
  gross: eur(0),
  reimbursement: eur(0),
  customerCharge: eur(0),
};

/** The later repair events, each at a given instant. */
export const repairEvents = (repair: TestRepair) => {
  const { repairOrderId } = repair;
  const part = { sku: 'BRG-1', quantity: 1, unitCost: eur(1_200) };
  return {
    assigned: (at: string, technician = 'tech-7'): RepairOrderEvent => ({
      type: 'TechnicianAssigned',
      data: { repairOrderId, serviceCenterId: repair.serviceCenterId, technician, by: 'lead', at },
    }),
    diagnosed: (at: string, approvalRequired = false): RepairOrderEvent => ({
      type: 'DiagnosisRecorded',
      data: {
        repairOrderId,
        findings: 'Worn drum bearing',
        faultCode: 'E21',
        estimate: { parts: [part], laborMinutes: 90, total: eur(10_380) },
        customerShare: eur(approvalRequired ? 10_380 : 0),
        approvalRequired,
        by: 'tech-7',
        at,
      },
    }),
    approved: (at: string): RepairOrderEvent => ({
      type: 'EstimateApproved',
      data: {
        repairOrderId,
        retailerId: repair.retailerId ?? 'shop',
        customerShare: eur(10_380),
        by: 'shop-user',
        at,
      },
    }),
    partsOrdered: (at: string): RepairOrderEvent => ({
      type: 'PartsOrdered',
      data: { repairOrderId, parts: [part], supplierReference: 'PO-1', by: 'tech-7', at },
    }),
    partsReceived: (at: string): RepairOrderEvent => ({
      type: 'PartsReceived',
      data: { repairOrderId, parts: [part], allReceived: true, by: 'tech-7', at },
    }),
    workLogged: (at: string): RepairOrderEvent => ({
      type: 'RepairWorkLogged',
      data: { repairOrderId, laborMinutes: 60, notes: '', by: 'tech-7', at },
    }),
    completed: (at: string): RepairOrderEvent => ({
      type: 'RepairCompleted',
      data: { repairOrderId, notes: '', by: 'tech-7', at },
    }),
    qaFailed: (at: string, failureCount = 1): RepairOrderEvent => ({
      type: 'QualityCheckFailed',
      data: {
        repairOrderId,
        reason: 'Still noisy',
        failureCount,
        flagged: failureCount >= 3,
        by: 'qa-1',
        at,
      },
    }),
    qaPassed: (at: string): RepairOrderEvent => ({
      type: 'QualityCheckPassed',
      data: { repairOrderId, notes: '', by: 'qa-1', at },
    }),
    shipped: (at: string): RepairOrderEvent => ({
      type: 'UnitShippedBack',
      data: {
        repairOrderId,
        carrier: 'UPS',
        trackingNumber: '1Z-BACK',
        repaired: true,
        by: 'dock',
        at,
      },
    }),
    closed: (at: string): RepairOrderEvent => ({
      type: 'RepairOrderClosed',
      data: { repairOrderId, outcome: 'repaired', costs: zeroCosts, by: 'lead', at },
    }),
    reassigned: (at: string, toServiceCenterId: string): RepairOrderEvent => ({
      type: 'RepairOrderReassigned',
      data: {
        repairOrderId,
        fromServiceCenterId: repair.serviceCenterId,
        toServiceCenterId,
        rates,
        reason: 'Closer to the customer',
        previousState: 'assigned',
        by: 'maker-desk',
        at,
      },
    }),
  };
};

/** As the repairs command handler stores it: the domain event with its envelope metadata. */
export function storedRepairEvent(event: RepairOrderEvent, repair: TestRepair): EventToAppend {
  return {
    id: randomUUID(),
    type: event.type,
    data: event.data as unknown as Record<string, unknown>,
    metadata: {
      tenants: {
        manufacturer: repair.manufacturerId,
        service_center: repair.serviceCenterId,
        ...(repair.retailerId ? { retailer: repair.retailerId } : {}),
      },
      actor: { id: 'key-1', role: 'service_center', tenantId: repair.serviceCenterId },
      correlationId: randomUUID(),
      causationId: randomUUID(),
      schemaVersion: 1,
      occurredAt: '2026-06-01T09:00:00.000Z',
    },
  };
}
