import { DomainError } from '@warranty/eventsourcing';
import fc from 'fast-check';
import { DISPOSITIONS, type RmaEvent, TERMINAL_RMA_STATUSES } from '../../src/domain/events';
import type { RmaCommand } from '../../src/domain/rma.commands';
import { rmaDecider } from '../../src/domain/rma.decider';
import type { AuthorizedRma, RmaState } from '../../src/domain/rma.state';
import {
  applyDisposition,
  authorizeRma,
  close,
  credit,
  EUR,
  inspect,
  receive,
  refund,
  rmaId,
  shipExchange,
} from './fixtures';

const base = Date.parse('2026-06-15T10:00:00.000Z');
const DAY = 86_400_000;
/** Instants over a month, so deadlines (2026-06-29) are sometimes passed. */
const instant = fc
  .integer({ min: 0, max: 30 * 24 })
  .map((h) => new Date(base + (h * DAY) / 24).toISOString());
const lineId = fc.constantFrom('line-1', 'line-2', 'line-1', 'line-2', 'line-3');
const by = fc.constantFrom('acme-appliances', 'timer', 'acme-appliances', ' ');
const amount = fc.constantFrom(1, 500, 999, 1000, 1, 500, 1999, 2000, 2001, 0, -5).map(EUR);

const authorize = fc
  .record({
    rmaType: fc.constantFrom(
      'exchange' as const,
      'refund_return' as const,
      'advance_exchange' as const,
    ),
    lines: fc.constantFrom(1, 2, 2),
  })
  .map(({ rmaType, lines }) =>
    authorizeRma({
      rmaType,
      deposit: rmaType === 'advance_exchange' ? EUR(5000) : null,
      lines: [
        { lineId: 'line-1', serialNumber: 'SN-1', productId: null, model: null, price: EUR(1000) },
        { lineId: 'line-2', serialNumber: 'SN-2', productId: null, model: null, price: EUR(2000) },
      ].slice(0, lines),
    }),
  );

/** Steps forward, often; authorizing again and the ends (expiry, cancellation, deposit), rarely,
 * so that random histories also get far. */
/** Mostly a unit still registered; now and then one bought back since the RMA was authorized. */
const registrationCancelled = fc.oneof(
  { arbitrary: fc.constant(null), weight: 4 },
  { arbitrary: fc.constant('returned_for_refund'), weight: 1 },
);

const step: fc.Arbitrary<RmaCommand> = fc.oneof(
  fc.record({
    type: fc.constant('ShipReturn' as const),
    rmaId: fc.constant(rmaId),
    carrier: fc.constant('DHL'),
    trackingNumber: fc.constant('T-1'),
    by,
    at: instant,
  }),
  fc.record({
    type: fc.constant('ReceiveReturn' as const),
    rmaId: fc.constant(rmaId),
    lineId,
    serialNumber: fc.constantFrom('SN-1', 'SN-2', 'SN-X'),
    notes: fc.constant(''),
    by,
    at: instant,
  }),
  fc.record({
    type: fc.constant('InspectReturn' as const),
    rmaId: fc.constant(rmaId),
    lineId,
    grade: fc.constantFrom('A' as const, 'D' as const),
    finding: fc.constantFrom('defect_confirmed' as const, 'no_fault_found' as const),
    disposition: fc.constantFrom(...DISPOSITIONS),
    notes: fc.constant(''),
    by,
    at: instant,
  }),
  fc.record({
    type: fc.constant('ShipExchange' as const),
    rmaId: fc.constant(rmaId),
    lineId,
    // Mostly a free unit; sometimes one this RMA returns, or one registration has on file.
    replacementSerialNumber: fc.constantFrom('SN-NEW', 'SN-NEW-2', 'SN-NEW-3', 'SN-1'),
    replacementOnFile: fc.oneof(
      { arbitrary: fc.constant({ status: 'unregistered' as const }), weight: 6 },
      fc.constant({ status: 'registered' as const }),
      fc.constant({ status: 'cancelled' as const, cancelledFor: 'returned_for_refund' }),
    ),
    carrier: fc.constant('UPS'),
    trackingNumber: fc.constant('T-2'),
    by,
    at: instant,
  }),
  fc.record({
    type: fc.constant('IssueRefund' as const),
    rmaId: fc.constant(rmaId),
    lineId,
    amount,
    reference: fc.constantFrom('RF-1', 'RF-2', 'RF-3', ''),
    registrationCancelled,
    by,
    at: instant,
  }),
  fc.record({
    type: fc.constant('IssueCredit' as const),
    rmaId: fc.constant(rmaId),
    lineId,
    amount,
    reference: fc.constant('CN-1'),
    registrationCancelled,
    by,
    at: instant,
  }),
  fc.record({
    type: fc.constant('ApplyDisposition' as const),
    rmaId: fc.constant(rmaId),
    lineId,
    disposition: fc.constantFrom(
      'repair' as const,
      'return_to_customer' as const,
      'scrap' as const,
    ),
    reference: fc.constant('REF'),
    by,
    at: instant,
  }),
  fc.record({ type: fc.constant('CloseRma' as const), rmaId: fc.constant(rmaId), by, at: instant }),
);

const end: fc.Arbitrary<RmaCommand> = fc.oneof(
  authorize,
  fc.record({
    type: fc.constant('ChargeAdvanceExchangeDeposit' as const),
    rmaId: fc.constant(rmaId),
    by,
    at: instant,
  }),
  fc.record({
    type: fc.constant('ExpireRma' as const),
    rmaId: fc.constant(rmaId),
    by,
    at: instant,
  }),
  fc.record({
    type: fc.constant('CancelRma' as const),
    rmaId: fc.constant(rmaId),
    reason: fc.constantFrom('Kept it', ''),
    by,
    at: instant,
  }),
);

const command = fc.oneof({ arbitrary: step, weight: 8 }, { arbitrary: end, weight: 1 });

const randomHistories = fc
  .tuple(authorize, fc.array(command, { maxLength: 80, size: 'max' }))
  .map(([first, rest]) => [first, ...rest]);

const apply = (lineId: string, disposition: (typeof DISPOSITIONS)[number]): RmaCommand => {
  switch (disposition) {
    case 'exchange':
      return shipExchange(lineId);
    case 'refund':
      return refund(lineId, 1000);
    case 'credit':
      return credit(lineId, 500);
    default:
      return applyDisposition(lineId, disposition);
  }
};

/** An RMA walked to its end, with random commands in between, so every outcome is reached. */
const walks = fc
  .tuple(
    authorize.filter((a) => a.rmaType !== 'advance_exchange'),
    fc.array(fc.constantFrom(...DISPOSITIONS), { minLength: 2, maxLength: 2 }),
    fc.array(fc.array(command, { maxLength: 2 }), { minLength: 4, maxLength: 4 }),
  )
  .map(([first, dispositions, noise]) => {
    const lineIds = first.lines.map((line) => line.lineId);
    return [
      first,
      ...noise[0],
      ...lineIds.map((lineId) => receive(lineId, lineId === 'line-1' ? 'SN-1' : 'SN-2')),
      ...noise[1],
      ...lineIds.map((lineId, i) => inspect(lineId, dispositions[i])),
      ...noise[2],
      ...lineIds.map((lineId, i) => apply(lineId, dispositions[i])),
      close(),
      ...noise[3],
    ];
  });

const histories = fc.oneof(randomHistories, walks);

const isTerminal = (state: RmaState) =>
  (TERMINAL_RMA_STATUSES as readonly string[]).includes(state.status);

/** Runs commands as the handler would (refused commands write nothing) and checks every step. */
function run(commands: RmaCommand[], reached: Set<string>): AuthorizedRma {
  let state: RmaState = rmaDecider.initialState;
  for (const next of commands) {
    let events: RmaEvent[];
    try {
      events = rmaDecider.decide(next, state);
    } catch (error) {
      // Anything but a DomainError would surface as a 500.
      if (!(error instanceof DomainError)) throw error;
      continue;
    }
    if (isTerminal(state)) expect(events).toEqual([]);
    const before = state;
    for (const event of events) state = rmaDecider.evolve(state, event);
    if (before.status !== 'none' && state.status !== 'none') {
      before.lines.forEach((line, i) => {
        // A disposition, once applied, is never replaced by another.
        if (line.applied !== null)
          expect(state.status !== 'none' && state.lines[i].applied).toBe(line.applied);
      });
    }
    reached.add(state.status);
  }
  return state as AuthorizedRma;
}

describe('RMA decider properties', () => {
  it('never leaves a terminal state, never pays out more than the price, ends every line in exactly one disposition, ships each replacement once', () => {
    const reached = new Set<string>();
    fc.assert(
      fc.property(histories, (commands) => {
        const rma = run(commands, reached);
        for (const line of rma.lines) {
          expect(line.refunded + line.credited).toBeLessThanOrEqual(line.price!.amount);
          expect(line.refunded === 0 || line.credited === 0).toBe(true);
          if (line.applied === 'refund') expect(line.refunded).toBeGreaterThan(0);
          if (line.applied === 'credit') expect(line.credited).toBeGreaterThan(0);
          if (line.applied !== 'refund') expect(line.refunded).toBe(0);
          if (line.applied !== 'credit') expect(line.credited).toBe(0);
          expect(line.applied === null).toBe(line.status !== 'disposed');
          if (rma.status === 'closed') expect(DISPOSITIONS).toContain(line.applied);
          if (rma.status === 'expired' || rma.status === 'cancelled')
            expect(line.applied).toBeNull();
        }
        // A replacement goes out once, and is never a unit the RMA returns.
        const replacements = rma.lines.flatMap((l) => l.replacementSerialNumber ?? []);
        expect(new Set(replacements).size).toBe(replacements.length);
        for (const serial of replacements)
          expect(rma.lines.map((l) => l.serialNumber)).not.toContain(serial);
      }),
      { numRuns: 2000 },
    );
    // The generator gets everywhere, so the checks above were exercised.
    for (const goal of [
      'in_transit',
      'received',
      'inspected',
      'exchanged',
      'refunded',
      'credited',
      'scrapped',
      'mixed',
      'closed',
      'expired',
      'cancelled',
    ])
      expect(reached).toContain(goal);
  });
});
