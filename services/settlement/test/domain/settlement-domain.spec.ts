import fc from 'fast-check';
import type { SettledPayable, SettlementEvent } from '@warranty/contracts/settlement';
import { IllegalStateError, RuleViolationError } from '@warranty/eventsourcing';
import { deciderSpecification } from '@warranty/testing';
import { type CaseFacts, evolveCaseFacts, NO_FACTS, payableOf } from '../../src/domain/payables';
import {
  PayablesAlreadySettledError,
  type RecordSettlement,
  SettlementChangedError,
  SettlementNotFoundError,
  settlementLedgerDecider,
} from '../../src/domain/settlement-ledger';

const EUR = (amount: number) => ({ amount, currency: 'EUR' });
const AT = '2026-11-30T10:00:00.000Z';
const DEPOT = { kind: 'service_center' as const, id: 'fixit-depot' };

const factsAfter = (...events: Array<[string, Record<string, unknown>]>): CaseFacts =>
  events.reduce((facts, [type, data]) => evolveCaseFacts(facts, type, data), NO_FACTS);

const item = (payableId: string, amount = 10_000, currency = 'EUR'): SettledPayable => ({
  payableId,
  source: { kind: 'repair', id: payableId.slice('repair:'.length), lineId: null },
  amount: { amount, currency },
  owedSince: AT,
});

const recordCommand = (
  settlementId: string,
  items: SettledPayable[],
  overrides: Partial<RecordSettlement> = {},
): RecordSettlement => ({
  type: 'RecordSettlement',
  settlementId,
  manufacturerId: 'acme',
  payee: DEPOT,
  items,
  reference: `SEPA-${settlementId}`,
  paidOn: '2026-11-30',
  note: '',
  by: 'acme',
  at: AT,
  ...overrides,
});

/** The event a command records, as the ledger would store it. */
const recorded = (command: RecordSettlement): SettlementEvent =>
  settlementLedgerDecider.decide(command, settlementLedgerDecider.initialState)[0];

describe('what a case owes (payableOf)', () => {
  const filed = [
    'ClaimFiled',
    { manufacturerId: 'acme', retailerId: 'bright', claimId: 'c-1' },
  ] as [string, Record<string, unknown>];

  it('a claim paid directly by refund owes its last approved amount to the retailer that filed it', () => {
    const facts = factsAfter(
      filed,
      ['ClaimApproved', { approvedAmount: EUR(5_000) }],
      ['ClaimApproved', { approvedAmount: EUR(7_500) }],
    );
    expect(
      payableOf(facts, 'ClaimResolved', { claimId: 'c-1', outcome: 'refunded', rmaId: null }, AT),
    ).toEqual({
      payableId: 'claim:c-1',
      manufacturerId: 'acme',
      payee: { kind: 'retailer', id: 'bright' },
      source: { kind: 'claim', id: 'c-1', lineId: null },
      amount: EUR(7_500),
      owedSince: AT,
    });
  });

  it('a claim resolved through an RMA, or repaired, owes nothing of its own', () => {
    const facts = factsAfter(filed, ['ClaimApproved', { approvedAmount: EUR(5_000) }]);
    expect(
      payableOf(facts, 'ClaimResolved', { claimId: 'c-1', outcome: 'refunded', rmaId: 'r-1' }, AT),
    ).toBeNull();
    expect(
      payableOf(facts, 'ClaimResolved', { claimId: 'c-1', outcome: 'repaired', rmaId: null }, AT),
    ).toBeNull();
    expect(
      payableOf(
        factsAfter(filed),
        'ClaimResolved',
        { claimId: 'c-1', outcome: 'credited', rmaId: null },
        AT,
      ),
    ).toBeNull();
  });

  it.each(['returned_unrepaired', 'scrapped', 'rma_cancelled', 'not_returned'])(
    'a claim whose RMA ended %s owes nothing, even with an approved amount',
    (outcome) => {
      const facts = factsAfter(filed, ['ClaimApproved', { approvedAmount: EUR(5_000) }]);
      for (const rmaId of ['r-1', null])
        expect(
          payableOf(facts, 'ClaimResolved', { claimId: 'c-1', outcome, rmaId }, AT),
        ).toBeNull();
    },
  );

  it('a refund or credit on an RMA line is owed to the retailer that sold the unit, per line', () => {
    const facts = factsAfter([
      'RmaAuthorized',
      { rmaId: 'r-1', manufacturerId: 'acme', retailerId: 'bright' },
    ]);
    expect(
      payableOf(facts, 'CreditIssued', { rmaId: 'r-1', lineId: 'L2', amount: EUR(900) }, AT),
    ).toMatchObject({
      payableId: 'rma:r-1:L2',
      payee: { kind: 'retailer', id: 'bright' },
      source: { kind: 'rma', id: 'r-1', lineId: 'L2' },
      amount: EUR(900),
    });
    const noRetailer = factsAfter(['RmaAuthorized', { manufacturerId: 'acme', retailerId: null }]);
    expect(
      payableOf(noRetailer, 'RefundIssued', { rmaId: 'r-1', lineId: 'L1', amount: EUR(900) }, AT),
    ).toBeNull();
  });

  it('a repair order owes its reimbursement to the service center holding it after a reassignment', () => {
    const facts = factsAfter(
      [
        'RepairOrderOpened',
        { manufacturerId: 'acme', retailerId: 'bright', serviceCenterId: 'first' },
      ],
      ['RepairOrderReassigned', { fromServiceCenterId: 'first', toServiceCenterId: 'fixit-depot' }],
    );
    const closed = (amount: number) => ({
      repairOrderId: 'o-1',
      costs: { reimbursement: EUR(amount) },
    });
    expect(payableOf(facts, 'RepairOrderClosed', closed(20_000), AT)).toMatchObject({
      payableId: 'repair:o-1',
      payee: DEPOT,
      amount: EUR(20_000),
    });
    expect(payableOf(facts, 'UnrepairableDeclared', closed(2_500), AT)?.amount).toEqual(EUR(2_500));
    expect(payableOf(facts, 'RepairOrderClosed', closed(0), AT)).toBeNull();
    expect(payableOf(NO_FACTS, 'RepairOrderClosed', closed(20_000), AT)).toBeNull();
  });

  it('throws on an amount it cannot owe exactly, so that the event is parked, never skipped', () => {
    const repair = factsAfter([
      'RepairOrderOpened',
      { manufacturerId: 'acme', retailerId: 'bright', serviceCenterId: 'fixit-depot' },
    ]);
    const rma = factsAfter(['RmaAuthorized', { manufacturerId: 'acme', retailerId: 'bright' }]);
    const claim = factsAfter(filed, ['ClaimApproved', { approvedAmount: EUR(-1) }]);
    for (const amount of [90_071_992_547_409_900, Number.MAX_SAFE_INTEGER + 1, -1, 12.5]) {
      const closed = { repairOrderId: 'o-1', costs: { reimbursement: EUR(amount) } };
      expect(() => payableOf(repair, 'RepairOrderClosed', closed, AT)).toThrow(
        /costs\.reimbursement/,
      );
      const line = { rmaId: 'r-1', lineId: 'L1', amount: EUR(amount) };
      expect(() => payableOf(rma, 'RefundIssued', line, AT)).toThrow(/amount/);
    }
    const resolved = { claimId: 'c-1', outcome: 'refunded', rmaId: null };
    expect(() => payableOf(claim, 'ClaimResolved', resolved, AT)).toThrow(/approvedAmount/);
  });
});

describe('a settlement ledger', () => {
  const spec = deciderSpecification(settlementLedgerDecider);
  const first = recordCommand('s-1', [item('repair:a'), item('repair:b', 2_500)]);

  it('records a payment with its total', () => {
    spec
      .given([])
      .when(first)
      .then([
        {
          type: 'SettlementRecorded',
          data: {
            settlementId: 's-1',
            manufacturerId: 'acme',
            payee: DEPOT,
            retailerId: null,
            serviceCenterId: 'fixit-depot',
            items: first.items,
            total: EUR(12_500),
            reference: 'SEPA-s-1',
            paidOn: '2026-11-30',
            note: '',
            by: 'acme',
            at: AT,
          },
        },
      ]);
  });

  it('refuses to pay a payable twice, naming it and what paid it', () => {
    spec
      .given([recorded(first)])
      .when(recordCommand('s-2', [item('repair:c'), item('repair:b', 2_500)]))
      .thenThrows<PayablesAlreadySettledError>(PayablesAlreadySettledError, (error) => {
        expect(error.code).toBe('payables-already-settled');
        expect(error.details).toEqual({
          settled: [{ payableId: 'repair:b', settlementId: 's-1' }],
        });
      });
  });

  it('refuses an empty, repeated, mixed-currency or future payment, and a settlement id used before', () => {
    const refused = (command: RecordSettlement, code: string) =>
      spec
        .given([recorded(first)])
        .when(command)
        .thenThrows<RuleViolationError>(RuleViolationError, (error) =>
          expect(error.code).toBe(code),
        );
    refused(recordCommand('s-2', []), 'no-payables');
    refused(recordCommand('s-2', [item('repair:c'), item('repair:c')]), 'duplicate-payables');
    refused(
      recordCommand('s-2', [item('repair:c'), item('repair:d', 5, 'USD')]),
      'currency-mismatch',
    );
    refused(
      recordCommand('s-2', [item('repair:c')], { paidOn: '2026-12-01' }),
      'paid-on-in-future',
    );
    spec
      .given([recorded(first)])
      .when(recordCommand('s-1', [item('repair:z')]))
      .thenThrows<IllegalStateError>(IllegalStateError, (error) =>
        expect(error.code).toBe('settlement-exists'),
      );
  });

  it('a reversal owes the payables again, once', () => {
    const reverse = {
      type: 'ReverseSettlement' as const,
      settlementId: 's-1',
      reason: 'Bounced',
      by: 'acme',
      at: AT,
    };
    const reversed = settlementLedgerDecider.decide(
      reverse,
      settlementLedgerDecider.evolve(settlementLedgerDecider.initialState, recorded(first)),
    );
    expect(reversed).toEqual([
      {
        type: 'SettlementReversed',
        data: {
          settlementId: 's-1',
          manufacturerId: 'acme',
          payee: DEPOT,
          retailerId: null,
          serviceCenterId: 'fixit-depot',
          payableIds: ['repair:a', 'repair:b'],
          total: EUR(12_500),
          reason: 'Bounced',
          by: 'acme',
          at: AT,
        },
      },
    ]);
    spec
      .given([recorded(first), ...reversed])
      .when(recordCommand('s-2', [item('repair:a'), item('repair:b', 2_500)]))
      .then([recorded(recordCommand('s-2', [item('repair:a'), item('repair:b', 2_500)]))]);
    spec
      .given([recorded(first), ...reversed])
      .when(reverse)
      .thenThrows<IllegalStateError>(IllegalStateError, (error) =>
        expect(error.code).toBe('settlement-reversed'),
      );
    spec.given([]).when(reverse).thenThrows(SettlementNotFoundError);
  });

  it("takes If-Match on a reversal as the settlement's revision, which other payments to the payee do not move", () => {
    const second = recordCommand('s-2', [item('repair:c')]);
    const reverseFirst = (ifRevision: number) => ({
      type: 'ReverseSettlement' as const,
      settlementId: 's-1',
      reason: 'Bounced',
      by: 'acme',
      at: AT,
      ifRevision,
    });
    // s-1 was recorded at ledger revision 0, s-2 at 1: s-1 is still at 0.
    spec
      .given([recorded(first), recorded(second)])
      .when(reverseFirst(0))
      .then([
        {
          type: 'SettlementReversed',
          data: {
            settlementId: 's-1',
            manufacturerId: 'acme',
            payee: DEPOT,
            retailerId: null,
            serviceCenterId: 'fixit-depot',
            payableIds: ['repair:a', 'repair:b'],
            total: EUR(12_500),
            reason: 'Bounced',
            by: 'acme',
            at: AT,
          },
        },
      ]);
    spec
      .given([recorded(first), recorded(second)])
      .when(reverseFirst(1))
      .thenThrows<SettlementChangedError>(SettlementChangedError, (error) => {
        expect(error.message).toBe('Settlement s-1 is at revision 0, not 1');
        expect(error.actual).toBe(0);
      });
  });

  it('refuses a reversal with If-Match once the settlement itself changed, naming the settlement', () => {
    const reverse = {
      type: 'ReverseSettlement' as const,
      settlementId: 's-1',
      reason: 'Bounced',
      by: 'acme',
      at: AT,
    };
    const reversed = settlementLedgerDecider.decide(
      reverse,
      settlementLedgerDecider.evolve(settlementLedgerDecider.initialState, recorded(first)),
    );
    spec
      .given([recorded(first), ...reversed])
      .when({ ...reverse, ifRevision: 0 })
      .thenThrows<SettlementChangedError>(SettlementChangedError, (error) => {
        expect(error.message).toBe('Settlement s-1 is at revision 1, not 0');
        expect(error.message).not.toContain('settlement-acme');
        expect(error.actual).toBe(1);
      });
    // Its revision as of the reversal: the refusal is the ordinary 409, not a precondition.
    spec
      .given([recorded(first), ...reversed])
      .when({ ...reverse, ifRevision: 1 })
      .thenThrows<IllegalStateError>(IllegalStateError, (error) =>
        expect(error.code).toBe('settlement-reversed'),
      );
  });

  it('never pays a payable under two standing settlements, whatever the order of commands', () => {
    const ids = ['repair:a', 'repair:b', 'repair:c', 'repair:d'];
    const command = fc.oneof(
      fc
        .record({ id: fc.integer({ min: 1, max: 6 }), pick: fc.subarray(ids, { minLength: 1 }) })
        .map(({ id, pick }) =>
          recordCommand(
            `s-${id}`,
            pick.map((payableId) => item(payableId)),
          ),
        ),
      fc.integer({ min: 1, max: 6 }).map((id) => ({
        type: 'ReverseSettlement' as const,
        settlementId: `s-${id}`,
        reason: 'x',
        by: 'acme',
        at: AT,
      })),
    );
    fc.assert(
      fc.property(fc.array(command, { maxLength: 25 }), (commands) => {
        let ledger = settlementLedgerDecider.initialState;
        const log: SettlementEvent[] = [];
        for (const next of commands) {
          try {
            for (const event of settlementLedgerDecider.decide(next, ledger)) {
              log.push(event);
              ledger = settlementLedgerDecider.evolve(ledger, event);
            }
          } catch {
            // Refused: the ledger is unchanged.
          }
        }
        const standing = new Map<string, string[]>();
        for (const event of log)
          if (event.type === 'SettlementRecorded')
            standing.set(
              event.data.settlementId,
              event.data.items.map((paid) => paid.payableId),
            );
          else standing.delete(event.data.settlementId);
        const paid = [...standing.values()].flat();
        expect(new Set(paid).size).toBe(paid.length);
        for (const event of log)
          if (event.type === 'SettlementRecorded')
            expect(event.data.total.amount).toBe(
              event.data.items.reduce((sum, paidItem) => sum + paidItem.amount.amount, 0),
            );
      }),
    );
  });
});
