import type { FulfilmentCase } from '../../src/domain/fulfilment-case';
import { DEFAULT_POLICY } from '../../src/domain/fulfilment-policy';
import { closingDue, react, type WorkflowEvent } from '../../src/domain/reactions';

const at = '2026-06-15T10:00:00.000Z';
const claimId = '5e0b7a52-1111-4222-8333-444455556666';
const rmaId = 'rma-1';

/** Given these events, folded through react from nothing: the case and the last commands. */
function given(...events: WorkflowEvent[]) {
  let known: FulfilmentCase | null = null;
  let commands: ReturnType<typeof react>['commands'] = [];
  for (const event of events) ({ case: known, commands } = react(event, known));
  return { known, commands };
}

const filed = {
  type: 'ClaimFiled',
  data: {
    claimId,
    manufacturerId: 'acme-appliances',
    retailerId: 'acme-retail',
    serialNumber: 'SN-1',
    productCategory: 'washer',
    defect: { category: 'motor', description: 'Drum does not spin' },
  },
} as unknown as WorkflowEvent;
const approved = (resolution: string) =>
  ({ type: 'ClaimApproved', data: { claimId, resolution, at } }) as unknown as WorkflowEvent;
const authorized = {
  type: 'RmaAuthorized',
  data: { rmaId, claimId, lines: [{ lineId: 'line-1', serialNumber: 'SN-1' }], at },
} as unknown as WorkflowEvent;
const inspected = (disposition: string) =>
  ({
    type: 'ReturnInspected',
    data: { rmaId, lineId: 'line-1', disposition, at },
  }) as unknown as WorkflowEvent;
const repairOpened = {
  type: 'RepairOrderOpened',
  data: { repairOrderId: 'ro-1', claimId, rmaId, at },
} as unknown as WorkflowEvent;
const shippedBack = (repaired: boolean) =>
  ({
    type: 'UnitShippedBack',
    data: { repairOrderId: 'ro-1', repaired, at },
  }) as unknown as WorkflowEvent;
const rmaClosed = { type: 'RmaClosed', data: { rmaId, at } } as unknown as WorkflowEvent;
const paid = (type: 'RefundIssued' | 'CreditIssued' | 'ExchangeShipped') =>
  ({ type, data: { rmaId, lineId: 'line-1', at } }) as unknown as WorkflowEvent;

describe('the fulfilment reactions', () => {
  it.each([
    ['refund', 'refunded'],
    ['credit', 'credited'],
  ])('a claim approved for %s is resolved directly as %s, with no RMA', (resolution, outcome) => {
    const { known, commands } = given(filed, approved(resolution));
    expect(commands).toEqual([
      { type: 'ResolveClaim', claimId, outcome, rmaId: null, repairOrderId: null },
    ]);
    expect(known?.resolved).toBe(true);
  });

  it.each(['repair', 'replace'])(
    'a claim approved for %s gets a warranty return to the default depot',
    (resolution) => {
      const { commands } = given(filed, approved(resolution));
      expect(commands).toEqual([
        {
          type: 'AuthorizeWarrantyReturn',
          claimId,
          manufacturerId: 'acme-appliances',
          shipTo: DEFAULT_POLICY.returnsDepot,
          shippingLabel: { carrier: 'prepaid-label', trackingNumber: 'RET-5E0B7A52' },
        },
      ]);
    },
  );

  describe('advance exchange (the plan says so)', () => {
    const onPlan = {
      ...filed,
      data: { ...filed.data, coverage: { covered: true, planCode: 'ADV-24' } },
    } as WorkflowEvent;
    const advancePlan = { advanceExchange: true };
    const approve = (resolution: string, plan: { advanceExchange: boolean } | null) =>
      react(approved(resolution), react(onPlan, null).case, {}, plan);

    it('a claim approved for replace on such a plan gets an advance exchange to the depot', () => {
      expect(approve('replace', advancePlan).commands).toEqual([
        {
          type: 'AuthorizeAdvanceExchange',
          claimId,
          manufacturerId: 'acme-appliances',
          shipTo: DEFAULT_POLICY.returnsDepot,
          shippingLabel: { carrier: 'prepaid-label', trackingNumber: 'RET-5E0B7A52' },
        },
      ]);
    });

    it.each([
      ['repair on such a plan', 'repair', advancePlan],
      ['replace on a plan without it', 'replace', { advanceExchange: false }],
      ['replace on an unknown plan', 'replace', null],
    ])('a claim approved for %s gets a warranty return', (_case, resolution, plan) => {
      expect(approve(resolution, plan).commands).toMatchObject([
        { type: 'AuthorizeWarrantyReturn' },
      ]);
    });

    it('the replacement shipped ahead keeps the RMA open; the returned unit inspected closes it; its closing resolves as replaced', () => {
      let known = approve('replace', advancePlan).case;
      known = react(authorized, known).case;
      const ahead = {
        type: 'ExchangeShipped',
        data: { rmaId, lineId: 'line-1', advance: true, at },
      };
      const shipped = react(ahead as unknown as WorkflowEvent, known);
      expect(shipped.commands).toEqual([]);
      const inspectedBack = react(inspected('exchange'), shipped.case);
      expect(inspectedBack.commands).toEqual([{ type: 'CloseRma', rmaId }]);
      expect(react(rmaClosed, inspectedBack.case).commands).toEqual([
        { type: 'ResolveClaim', claimId, outcome: 'replaced', rmaId, repairOrderId: null },
      ]);
    });
  });

  it('an RMA authorized for the claim puts the claim in fulfilment with it', () => {
    expect(given(filed, approved('repair'), authorized).commands).toEqual([
      { type: 'StartFulfilment', claimId, rmaId },
    ]);
  });

  it('an RMA for a claim the workflow never saw filed sends nothing', () => {
    expect(given(authorized).commands).toEqual([]);
  });

  it('a line inspected for repair opens a repair order at the default service center', () => {
    expect(given(filed, approved('repair'), authorized, inspected('repair')).commands).toEqual([
      {
        type: 'OpenRepairOrder',
        manufacturerId: 'acme-appliances',
        serviceCenterId: 'fixit-depot',
        serialNumber: 'SN-1',
        claimId,
        rmaId,
        reportedDefect: 'Drum does not spin',
        goodwill: false,
      },
    ]);
  });

  it('a claim approved as goodwill opens its repair order covered as goodwill', () => {
    const asGoodwill = {
      type: 'ClaimApproved',
      data: { claimId, resolution: 'repair', goodwill: true, at },
    } as unknown as WorkflowEvent;
    expect(given(filed, asGoodwill, authorized, inspected('repair')).commands).toMatchObject([
      { type: 'OpenRepairOrder', goodwill: true },
    ]);
  });

  it('a case stored before goodwill was kept opens its repair order as the plan says', () => {
    const { goodwill: _, ...stored } = given(filed, approved('repair'), authorized).known!;
    expect(react(inspected('repair'), stored).commands).toMatchObject([{ goodwill: false }]);
  });

  it('the service center for the category comes from the manufacturer’s policy', () => {
    const policies = {
      'acme-appliances': { ...DEFAULT_POLICY, serviceCenters: { washer: 'wash-pros', '*': 'x' } },
    };
    let known = react(filed, null).case;
    for (const event of [approved('repair'), authorized])
      known = react(event, known, policies).case;
    const { commands } = react(inspected('repair'), known, policies);
    expect(commands[0]).toMatchObject({ type: 'OpenRepairOrder', serviceCenterId: 'wash-pros' });
  });

  it('a category named like an Object.prototype member still goes to the `*` center', () => {
    const odd = {
      ...filed,
      data: { ...filed.data, productCategory: 'constructor' },
    } as WorkflowEvent;
    const { commands } = given(odd, approved('repair'), authorized, inspected('repair'));
    expect(commands[0]).toMatchObject({ serviceCenterId: 'fixit-depot' });
  });

  it.each(['exchange', 'refund', 'credit', 'scrap'])(
    'a line inspected for %s opens no repair order',
    (disposition) => {
      expect(given(filed, approved('repair'), authorized, inspected(disposition)).commands).toEqual(
        [],
      );
    },
  );

  it('a unit shipped back repaired applies the repair disposition and closes the RMA', () => {
    const events = [filed, approved('repair'), authorized, inspected('repair'), repairOpened];
    expect(given(...events, shippedBack(true)).commands).toEqual([
      { type: 'ApplyRepairDisposition', rmaId, lineId: 'line-1', repairOrderId: 'ro-1' },
      { type: 'CloseRma', rmaId },
    ]);
  });

  it('the RMA closed after a repair resolves the claim as repaired, with the RMA and the order', () => {
    const events = [filed, approved('repair'), authorized, inspected('repair'), repairOpened];
    expect(given(...events, shippedBack(true), rmaClosed).commands).toEqual([
      { type: 'ResolveClaim', claimId, outcome: 'repaired', rmaId, repairOrderId: 'ro-1' },
    ]);
  });

  it('a unit shipped back unrepaired resolves the claim as returned unrepaired', () => {
    const events = [filed, approved('repair'), authorized, inspected('repair'), repairOpened];
    expect(given(...events, shippedBack(false), rmaClosed).commands[0]).toMatchObject({
      outcome: 'returned_unrepaired',
    });
  });

  it('an unrepairable unit switches the RMA line to an exchange; the exchange then resolves as replaced', () => {
    const unrepairable = {
      type: 'UnrepairableDeclared',
      data: { repairOrderId: 'ro-1', reason: 'Housing cracked', claimId, rmaId, at },
    } as unknown as WorkflowEvent;
    const events = [filed, approved('repair'), authorized, inspected('repair'), repairOpened];
    expect(given(...events, unrepairable).commands).toEqual([
      {
        type: 'SwitchLineToExchange',
        rmaId,
        lineId: 'line-1',
        reason: 'Unrepairable: Housing cracked',
        repairOrderId: 'ro-1',
      },
    ]);
    expect(given(...events, unrepairable, paid('ExchangeShipped'), rmaClosed).commands).toEqual([
      { type: 'ResolveClaim', claimId, outcome: 'replaced', rmaId, repairOrderId: 'ro-1' },
    ]);
  });

  it.each([
    ['RefundIssued', 'refunded'],
    ['CreditIssued', 'credited'],
    ['ExchangeShipped', 'replaced'],
  ] as const)('%s closes the RMA, and its closing resolves the claim as %s', (type, outcome) => {
    const before = [filed, approved('repair'), authorized, inspected('refund')];
    expect(given(...before, paid(type)).commands).toEqual([{ type: 'CloseRma', rmaId }]);
    expect(given(...before, paid(type), rmaClosed).commands).toEqual([
      { type: 'ResolveClaim', claimId, outcome, rmaId, repairOrderId: null },
    ]);
  });

  it('an RMA closed by hand in a state that names no outcome (sent to repair) resolves nothing', () => {
    const byHand = { type: 'RmaClosed', data: { rmaId, finalState: 'sent_to_repair', at } };
    expect(
      given(filed, approved('repair'), authorized, byHand as unknown as WorkflowEvent).commands,
    ).toEqual([]);
  });

  describe('an RMA that ends without a remedy resolves the claim with what happened', () => {
    const disposed = (disposition: string) =>
      ({
        type: 'LineDispositionApplied',
        data: { rmaId, lineId: 'line-1', disposition, reference: 'T-9', at },
      }) as unknown as WorkflowEvent;
    const ended = (type: string, finalState?: string) =>
      ({ type, data: { rmaId, finalState, at } }) as unknown as WorkflowEvent;

    it.each([
      ['return_to_customer', 'returned_unrepaired'],
      ['scrap', 'scrapped'],
    ])('a line disposed %s closes the RMA; its closing resolves as %s', (disposition, outcome) => {
      const before = [filed, approved('repair'), authorized, inspected(disposition)];
      expect(given(...before, disposed(disposition)).commands).toEqual([
        { type: 'CloseRma', rmaId },
      ]);
      expect(given(...before, disposed(disposition), rmaClosed).commands).toEqual([
        { type: 'ResolveClaim', claimId, outcome, rmaId, repairOrderId: null },
      ]);
    });

    it.each([
      ['returned_to_customer', 'returned_unrepaired'],
      ['scrapped', 'scrapped'],
    ])('an RMA closed by hand as %s resolves as %s', (finalState, outcome) => {
      const { commands, known } = given(
        filed,
        approved('repair'),
        authorized,
        ended('RmaClosed', finalState),
      );
      expect(commands).toEqual([
        { type: 'ResolveClaim', claimId, outcome, rmaId, repairOrderId: null },
      ]);
      expect(known?.resolved).toBe(true);
    });

    it.each([
      ['RmaCancelled', 'rma_cancelled'],
      ['RmaExpired', 'not_returned'],
    ])('%s resolves as %s', (type, outcome) => {
      expect(given(filed, approved('repair'), authorized, ended(type)).commands).toEqual([
        { type: 'ResolveClaim', claimId, outcome, rmaId, repairOrderId: null },
      ]);
    });

    it('an advance exchange whose replacement went out resolves as replaced, even cancelled', () => {
      const ahead = {
        type: 'ExchangeShipped',
        data: { rmaId, lineId: 'line-1', advance: true, at },
      } as unknown as WorkflowEvent;
      expect(
        given(filed, approved('replace'), authorized, ahead, ended('RmaCancelled')).commands,
      ).toMatchObject([{ type: 'ResolveClaim', outcome: 'replaced' }]);
    });

    it('the workflow’s own repair disposition closes nothing: the shipped-back unit does', () => {
      const events = [filed, approved('repair'), authorized, inspected('repair'), repairOpened];
      expect(given(...events, disposed('repair')).commands).toEqual([]);
    });

    it('an end of another RMA, or after the claim was resolved, sends nothing', () => {
      const other = {
        type: 'RmaCancelled',
        data: { rmaId: 'rma-2', at },
      } as unknown as WorkflowEvent;
      expect(given(filed, approved('repair'), authorized, other).commands).toEqual([]);
      const before = [filed, approved('repair'), authorized, ended('RmaCancelled')];
      expect(given(...before, ended('RmaExpired')).commands).toEqual([]);
    });

    it('the same end delivered twice resolves the same way', () => {
      const { known } = given(filed, approved('repair'), authorized);
      expect(react(ended('RmaCancelled'), known)).toEqual(react(ended('RmaCancelled'), known));
    });
  });

  it('a resolved claim gets no further commands', () => {
    const resolved = { type: 'ClaimResolved', data: { claimId, at } } as unknown as WorkflowEvent;
    expect(
      given(filed, approved('refund'), authorized, resolved, paid('RefundIssued')).commands,
    ).toEqual([]);
  });

  it('the same event twice gives the same commands: redelivery sends the same ids', () => {
    const { known } = given(filed, approved('repair'), authorized);
    expect(react(inspected('repair'), known)).toEqual(react(inspected('repair'), known));
  });

  describe('closing timers (SPEC 2.2)', () => {
    const rejected = (when: string) =>
      ({ type: 'ClaimRejected', data: { claimId, at: when } }) as unknown as WorkflowEvent;
    const appealed = { type: 'ClaimAppealed', data: { claimId, at } } as unknown as WorkflowEvent;
    const resolved = { type: 'ClaimResolved', data: { claimId, at } } as unknown as WorkflowEvent;
    const firstTimer = `claim-close-rejected-${claimId}-20260615T100000000Z`;

    it('a rejection schedules the closing at the end of the 30-day appeal window', () => {
      const { known, commands } = given(filed, rejected(at));
      expect(commands).toEqual([
        {
          type: 'ScheduleClaimClosing',
          claimId,
          manufacturerId: 'acme-appliances',
          timerId: firstTimer,
          dueAt: '2026-07-15T10:00:00.000Z',
        },
      ]);
      expect(closingDue(known, firstTimer)).toEqual([{ type: 'CloseClaim', claimId }]);
    });

    it('an appeal makes the rejection timer fire into nothing', () => {
      const { known } = given(filed, rejected(at), appealed);
      expect(closingDue(known, firstTimer)).toEqual([]);
    });

    it('a second rejection after the appeal has its own timer; the first stays void', () => {
      const { known, commands } = given(
        filed,
        rejected(at),
        appealed,
        rejected('2026-06-20T08:00:00.000Z'),
      );
      const second = `claim-close-rejected-${claimId}-20260620T080000000Z`;
      expect(commands).toMatchObject([{ timerId: second, dueAt: '2026-07-20T08:00:00.000Z' }]);
      expect(closingDue(known, firstTimer)).toEqual([]);
      expect(closingDue(known, second)).toEqual([{ type: 'CloseClaim', claimId }]);
    });

    it('a resolution schedules the closing 14 days later', () => {
      const { known, commands } = given(filed, approved('credit'), resolved);
      expect(commands).toMatchObject([
        { type: 'ScheduleClaimClosing', dueAt: '2026-06-29T10:00:00.000Z' },
      ]);
      expect(closingDue(known, `claim-close-resolved-${claimId}`)).toEqual([
        { type: 'CloseClaim', claimId },
      ]);
    });

    it('a rejection closes at the end of the appeal window of the policy it was given', () => {
      const policies = { 'acme-appliances': { ...DEFAULT_POLICY, appealWindowDays: 10 } };
      const { case: known } = react(filed, null);
      expect(react(rejected(at), known, policies).commands).toMatchObject([
        { type: 'ScheduleClaimClosing', dueAt: '2026-06-25T10:00:00.000Z' },
      ]);
    });

    it('a timer for a claim the workflow does not know closes nothing', () => {
      expect(closingDue(null, firstTimer)).toEqual([]);
    });
  });
});
