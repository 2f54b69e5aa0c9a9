import { DomainError } from '@warranty/eventsourcing';
import fc from 'fast-check';
import {
  type RepairOrderEvent,
  type RepairCosts,
  TERMINAL_REPAIR_ORDER_STATUSES,
} from '../../src/domain/events';
import type { RepairOrderCommand } from '../../src/domain/repair-order.commands';
import { repairOrderDecider } from '../../src/domain/repair-order.decider';
import type { RepairOrderState } from '../../src/domain/repair-order.state';
import {
  approve,
  close,
  complete,
  decline,
  EUR,
  openOrder,
  part,
  qualityCheck,
  rates,
  reassign,
  repairOrderId,
  shipBack,
  unrepairable,
} from './fixtures';

const by = 'fixit-depot';
const at = '2026-06-15T10:00:00.000Z';
const parts = fc.array(
  fc.record({
    sku: fc.constantFrom('MOTOR-1', 'BELT-2', 'PUMP-3'),
    quantity: fc.integer({ min: 1, max: 3 }),
    unitCost: fc.integer({ min: 0, max: 50_000 }),
  }),
  { maxLength: 3 },
);
const distinct = (list: { sku: string; quantity: number; unitCost: number }[]) =>
  [...new Map(list.map((p) => [p.sku, p])).values()].map((p) =>
    part(p.sku, p.quantity, p.unitCost),
  );

const open = fc
  .record({
    covered: fc.boolean(),
    planLimit: fc.option(fc.integer({ min: 0, max: 60_000 }), { nil: null }),
  })
  .map(({ covered, planLimit }) =>
    openOrder({ covered, planLimit: planLimit === null ? null : EUR(planLimit) }),
  );

/** Steps forward, often; the ends and detours (decline, unrepairable, reassign), rarely, so that
 * random histories also get as far as closing. */
const forward: fc.Arbitrary<RepairOrderCommand> = fc.oneof(
  fc.constant({ type: 'AssignTechnician' as const, technician: 'tech-ana', repairOrderId, by, at }),
  fc
    .record({ p: parts, minutes: fc.integer({ min: 0, max: 600 }) })
    .map(({ p, minutes }): RepairOrderCommand => ({
      type: 'RecordDiagnosis',
      findings: 'f',
      faultCode: 'E1',
      parts: distinct(p),
      laborMinutes: minutes,
      repairOrderId,
      by,
      at,
    })),
  fc.constant(approve()),
  parts.map((p): RepairOrderCommand => ({
    type: 'OrderParts',
    parts: distinct(p),
    supplierReference: '',
    repairOrderId,
    by,
    at,
  })),
  parts.map((p): RepairOrderCommand => ({
    type: 'ReceiveParts',
    parts: distinct(p),
    repairOrderId,
    by,
    at,
  })),
  fc.integer({ min: 1, max: 480 }).map((laborMinutes): RepairOrderCommand => ({
    type: 'LogRepairWork',
    laborMinutes,
    notes: '',
    repairOrderId,
    by,
    at,
  })),
  fc.constant(complete()),
  fc.boolean().map(qualityCheck),
  fc.constant(shipBack()),
  fc.constant(close()),
);
const step = fc.oneof(
  { arbitrary: forward, weight: 12 },
  { arbitrary: fc.constantFrom(decline(), unrepairable(), reassign()), weight: 1 },
);

/** Runs commands, skipping refused ones (as the API would answer 4xx and write nothing). */
function run(commands: RepairOrderCommand[]) {
  const events: RepairOrderEvent[] = [];
  const statuses: string[] = [];
  let state: RepairOrderState = repairOrderDecider.initialState;
  for (const command of commands) {
    let produced: RepairOrderEvent[];
    try {
      produced = repairOrderDecider.decide(command, state);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      continue;
    }
    events.push(...produced);
    state = produced.reduce(repairOrderDecider.evolve, state);
    statuses.push(state.status);
  }
  return { events, statuses, state };
}

const history = fc
  .tuple(open, fc.array(step, { minLength: 20, maxLength: 80 }))
  .map(([first, rest]) => [first, ...rest]);

describe('repair order properties', () => {
  it('never leaves a terminal state', () => {
    fc.assert(
      fc.property(history, (commands) => {
        const { statuses } = run(commands);
        const end = statuses.findIndex((s) =>
          (TERMINAL_REPAIR_ORDER_STATUSES as readonly string[]).includes(s),
        );
        if (end >= 0) expect(statuses.slice(end).every((s) => s === statuses[end])).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('closes with figures that add up to the parts received and the work logged, within the plan', () => {
    fc.assert(
      fc.property(history, (commands) => {
        const { events } = run(commands);
        const opened = events[0] as Extract<RepairOrderEvent, { type: 'RepairOrderOpened' }>;
        const ending = events.find(
          (e) => e.type === 'RepairOrderClosed' || e.type === 'UnrepairableDeclared',
        );
        if (!ending) return;
        const costs = (ending.data as { costs: RepairCosts }).costs;
        // Reassignment comes before any parts or work, so every receipt and log counts.
        const received = events
          .filter((e) => e.type === 'PartsReceived')
          .flatMap((e) => (e.data as { parts: ReturnType<typeof part>[] }).parts);
        const minutes = events
          .filter((e) => e.type === 'RepairWorkLogged')
          .reduce((sum, e) => sum + (e.data as { laborMinutes: number }).laborMinutes, 0);
        const partsCost = received.reduce((s, p) => s + p.quantity * p.unitCost.amount, 0);
        expect(costs.partsCost.amount).toBe(partsCost);
        expect(costs.laborMinutes).toBe(minutes);
        expect(costs.laborCost.amount).toBe(
          Math.round((minutes * rates.laborRatePerHour.amount) / 60),
        );
        expect(costs.gross.amount).toBe(
          costs.partsCharge.amount + costs.laborCost.amount + costs.diagnosisFee.amount,
        );
        expect(costs.reimbursement.amount + costs.customerCharge.amount).toBe(costs.gross.amount);
        expect(costs.reimbursement.amount).toBeGreaterThanOrEqual(0);
        expect(costs.customerCharge.amount).toBeGreaterThanOrEqual(0);
        if (opened.data.planLimit)
          expect(costs.reimbursement.amount).toBeLessThanOrEqual(opened.data.planLimit.amount);
        if (!opened.data.covered) expect(costs.reimbursement.amount).toBe(0);
      }),
      { numRuns: 500 },
    );
  });

  it('asks for approval exactly when the customer pays a part', () => {
    fc.assert(
      fc.property(history, (commands) => {
        const { events } = run(commands);
        for (const e of events)
          if (e.type === 'DiagnosisRecorded')
            expect(e.data.approvalRequired).toBe(e.data.customerShare.amount > 0);
      }),
    );
  });
});
