import { randomUUID } from 'node:crypto';
import type { EventToAppend } from '@warranty/event-store';
import {
  formatRmaNumber,
  type RmaAuthorized,
  type RmaEvent,
  rmaStream,
} from '@warranty/contracts/returns';

export interface TestRma {
  rmaId: string;
  stream: string;
  manufacturerId: string;
  retailerId: string | null;
}

let sequence = 0;

/** A fresh RMA id and its stream, `rma-{uuid}`. */
export function newRma(parties: { manufacturerId: string; retailerId: string | null }): TestRma {
  const rmaId = randomUUID();
  return { ...parties, rmaId, stream: rmaStream(rmaId) };
}

/** Authorized with one line per serial (SN-R1 by default), as returns records it. */
export function rmaAuthorized(
  rma: TestRma,
  overrides: Partial<RmaAuthorized['data']> & { serials?: string[] } = {},
): RmaAuthorized {
  const { serials = ['SN-R1'], ...data } = overrides;
  sequence += 1;
  return {
    type: 'RmaAuthorized',
    data: {
      rmaId: rma.rmaId,
      rmaNumber: formatRmaNumber(2026, sequence),
      type: 'warranty_return',
      manufacturerId: rma.manufacturerId,
      retailerId: rma.retailerId,
      claimId: null,
      lines: serials.map((serialNumber, i) => ({
        lineId: `line-${i + 1}`,
        serialNumber,
        productId: `${rma.manufacturerId}~${serialNumber}`,
        model: 'WM-9000',
        price: { amount: 49_900, currency: 'EUR' },
      })),
      shipTo: { locationId: 'depot-1', name: 'Returns depot', address: '1 Dock Road' },
      returnBy: '2026-06-20',
      shippingLabel: { carrier: 'UPS', trackingNumber: '1Z-LABEL' },
      deposit: null,
      authorizedBy: 'desk-1',
      at: '2026-06-01T09:00:00.000Z',
      ...data,
    },
  };
}

/** The later RMA events, each at a given instant; `line` defaults to the first line. */
export const rmaEvents = (rma: TestRma) => {
  const { rmaId } = rma;
  return {
    shipped: (at: string): RmaEvent => ({
      type: 'ReturnShipped',
      data: { rmaId, carrier: 'DHL', trackingNumber: 'JD0001', by: 'shop-user', at },
    }),
    received: (at: string, lineId = 'line-1', serial = 'SN-R1'): RmaEvent => ({
      type: 'ReturnReceived',
      data: {
        rmaId,
        lineId,
        expectedSerialNumber: serial,
        receivedSerialNumber: serial,
        serialMatches: true,
        notes: '',
        by: 'dock-1',
        at,
      },
    }),
    inspected: (
      at: string,
      lineId = 'line-1',
      disposition: 'exchange' | 'refund' | 'repair' = 'exchange',
    ): RmaEvent => ({
      type: 'ReturnInspected',
      data: {
        rmaId,
        lineId,
        grade: 'B',
        finding: 'defect_confirmed',
        disposition,
        inspector: 'inspector-1',
        notes: '',
        at,
      },
    }),
    exchangeShipped: (at: string, lineId = 'line-1', advance = false): RmaEvent => ({
      type: 'ExchangeShipped',
      data: {
        rmaId,
        lineId,
        manufacturerId: rma.manufacturerId,
        retailerId: rma.retailerId,
        originalSerialNumber: 'SN-R1',
        originalProductId: null,
        replacementSerialNumber: 'SN-NEW',
        carrier: 'DHL',
        trackingNumber: 'JD0002',
        advance,
        by: 'desk-1',
        at,
      },
    }),
    refunded: (at: string, lineId = 'line-1'): RmaEvent => ({
      type: 'RefundIssued',
      data: {
        rmaId,
        lineId,
        amount: { amount: 49_900, currency: 'EUR' },
        reference: 'RF-1',
        by: 'desk-1',
        at,
      },
    }),
    repaired: (at: string, lineId = 'line-1'): RmaEvent => ({
      type: 'LineDispositionApplied',
      data: { rmaId, lineId, disposition: 'repair', reference: 'RO-1', by: 'desk-1', at },
    }),
    switchedToExchange: (at: string, lineId = 'line-1'): RmaEvent => ({
      type: 'LineSwitchedToExchange',
      data: { rmaId, lineId, reason: 'Unrepairable', repairOrderId: 'RO-1', by: 'workflow', at },
    }),
    depositCharged: (at: string, lineIds = ['line-1']): RmaEvent => ({
      type: 'AdvanceExchangeDepositCharged',
      data: {
        rmaId,
        lineIds,
        amount: { amount: 10_000, currency: 'EUR' },
        returnBy: '2026-06-20',
        by: 'timer',
        at,
      },
    }),
    expired: (at: string): RmaEvent => ({
      type: 'RmaExpired',
      data: { rmaId, returnBy: '2026-06-20', by: 'timer', at },
    }),
    cancelled: (at: string): RmaEvent => ({
      type: 'RmaCancelled',
      data: { rmaId, reason: 'Customer kept it', previousState: 'authorized', by: 'desk-1', at },
    }),
    closed: (at: string): RmaEvent => ({
      type: 'RmaClosed',
      data: { rmaId, finalState: 'exchanged', by: 'desk-1', at },
    }),
  };
};

/** As the returns command handler stores it: the domain event with its envelope metadata. */
export function storedRmaEvent(event: RmaEvent, rma: TestRma): EventToAppend {
  return {
    id: randomUUID(),
    type: event.type,
    data: event.data as unknown as Record<string, unknown>,
    metadata: {
      tenants: {
        manufacturer: rma.manufacturerId,
        ...(rma.retailerId ? { retailer: rma.retailerId } : {}),
      },
      actor: { id: 'key-1', role: 'manufacturer', tenantId: rma.manufacturerId },
      correlationId: randomUUID(),
      causationId: randomUUID(),
      schemaVersion: 1,
      occurredAt: '2026-06-01T09:00:00.000Z',
    },
  };
}
