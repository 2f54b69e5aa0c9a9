import {
  AggregateNotFoundError,
  IllegalStateError,
  RuleViolationError,
} from '@warranty/eventsourcing';
import { deciderSpecification } from '@warranty/testing';
import type { RepairOrderEvent } from '../../src/domain/events';
import type { RepairOrderCommand } from '../../src/domain/repair-order.commands';
import {
  REPAIR_ORDER_TRANSITIONS,
  repairOrderDecider,
} from '../../src/domain/repair-order.decider';
import type { RepairOrder, RepairOrderState } from '../../src/domain/repair-order.state';
import {
  approve,
  assign,
  close,
  complete,
  coveredRepairShipped,
  decline,
  diagnose,
  EUR,
  history,
  logWork,
  openOrder,
  orderParts,
  part,
  qualityCheck,
  rates,
  reassign,
  receiveParts,
  shipBack,
  unrepairable,
} from './fixtures';

const spec = deciderSpecification(repairOrderDecider);
const stateOf = (...commands: RepairOrderCommand[]): RepairOrder =>
  history(...commands).reduce<RepairOrderState>(
    repairOrderDecider.evolve,
    repairOrderDecider.initialState,
  ) as RepairOrder;
const refusedIn =
  (state: string, code = 'illegal-transition') =>
  (error: IllegalStateError) => {
    expect(error.state).toBe(state);
    expect(error.code).toBe(code);
    expect(error.message).toContain(state);
  };
const notCovered = () => openOrder({ covered: false, notCoveredReason: 'expired' });

describe('repair order decider: the happy paths', () => {
  it('opens an order at the service center with its coverage and rates', () => {
    const order = stateOf(openOrder());
    expect(order).toMatchObject({
      status: 'opened',
      serviceCenterId: 'fixit-depot',
      covered: true,
    });
  });

  it('walks a covered repair past awaiting_approval to shipped and closed, with the costs', () => {
    const statuses: string[] = [];
    const commands = [...coveredRepairShipped(), close()];
    for (let i = 1; i <= commands.length; i++)
      statuses.push(stateOf(...commands.slice(0, i)).status);
    expect(statuses).toEqual([
      'opened',
      'assigned',
      'diagnosed',
      'awaiting_parts',
      'in_repair',
      'in_repair',
      'quality_check',
      'ready_to_ship',
      'shipped',
      'closed',
    ]);
    const closed = history(...commands).at(-1)!;
    expect(closed).toEqual({
      type: 'RepairOrderClosed',
      data: expect.objectContaining({
        outcome: 'repaired',
        costs: {
          partsCost: EUR(10000),
          partsCharge: EUR(11000),
          laborMinutes: 90,
          laborCost: EUR(9000),
          diagnosisFee: EUR(0),
          gross: EUR(20000),
          reimbursement: EUR(20000),
          customerCharge: EUR(0),
        },
      }),
    });
  });

  it('prices the estimate: parts with markup plus labor at the rate; nothing for the customer when covered', () => {
    const [diagnosed] = history(openOrder(), assign(), diagnose()).slice(-1);
    expect(diagnosed.data).toMatchObject({
      estimate: { total: EUR(20000), laborMinutes: 90 },
      customerShare: EUR(0),
      approvalRequired: false,
    });
  });

  it('asks for approval when not covered, and the approved order goes on to parts', () => {
    expect(stateOf(notCovered(), assign(), diagnose()).status).toBe('awaiting_approval');
    expect(stateOf(notCovered(), assign(), diagnose(), approve()).status).toBe('approved');
    expect(stateOf(notCovered(), assign(), diagnose(), approve(), orderParts()).status).toBe(
      'awaiting_parts',
    );
  });

  it('asks for approval of the excess when the estimate is above the plan limit', () => {
    const events = history(openOrder({ planLimit: EUR(15000) }), assign(), diagnose());
    expect(events.at(-1)!.data).toMatchObject({ customerShare: EUR(5000), approvalRequired: true });
    expect(stateOf(openOrder({ planLimit: EUR(20000) }), assign(), diagnose()).status).toBe(
      'diagnosed',
    );
  });

  it('caps the reimbursement at the plan limit and charges the customer the rest', () => {
    const commands = coveredRepairShipped();
    commands[0] = openOrder({ planLimit: EUR(15000) });
    commands.splice(3, 0, approve());
    const closed = history(...commands, close()).at(-1)!;
    expect(closed.data).toMatchObject({
      costs: { gross: EUR(20000), reimbursement: EUR(15000), customerCharge: EUR(5000) },
    });
  });

  it('covers an order the plan does not when the manufacturer approved it as goodwill', () => {
    const asGoodwill = () =>
      openOrder({ covered: false, notCoveredReason: 'expired', goodwill: true });
    expect(history(asGoodwill())[0].data).toMatchObject({
      covered: true,
      notCoveredReason: null,
      goodwill: true,
    });
    expect(stateOf(asGoodwill(), assign(), diagnose()).status).toBe('diagnosed');
    const commands = coveredRepairShipped();
    commands[0] = asGoodwill();
    expect(history(...commands, close()).at(-1)!.data).toMatchObject({
      costs: { gross: EUR(20000), reimbursement: EUR(20000), customerCharge: EUR(0) },
    });
  });

  it('has the customer pay everything when not covered', () => {
    const commands = coveredRepairShipped();
    commands[0] = notCovered();
    commands.splice(3, 0, approve());
    expect(history(...commands, close()).at(-1)!.data).toMatchObject({
      costs: { gross: EUR(20000), reimbursement: EUR(0), customerCharge: EUR(20000) },
    });
  });

  it('ships a declined estimate back unrepaired and charges the diagnosis fee', () => {
    const declined = [notCovered(), assign(), diagnose(), decline()];
    expect(history(...declined).at(-1)!.data).toMatchObject({ diagnosisFee: EUR(2500) });
    expect(stateOf(...declined).status).toBe('declined');
    expect(stateOf(...declined, shipBack()).shipment).toMatchObject({ repaired: false });
    expect(history(...declined, shipBack(), close()).at(-1)!.data).toMatchObject({
      outcome: 'returned_unrepaired',
      costs: {
        gross: EUR(2500),
        diagnosisFee: EUR(2500),
        reimbursement: EUR(0),
        customerCharge: EUR(2500),
      },
    });
  });

  it('sends a failed quality check back to in_repair and flags the third failure', () => {
    const toCheck = coveredRepairShipped().slice(0, 7);
    const once = [...toCheck, qualityCheck(false)];
    expect(stateOf(...once)).toMatchObject({ status: 'in_repair', qualityCheckFailures: 1 });
    const thrice = [...once, complete(), qualityCheck(false), complete(), qualityCheck(false)];
    expect(history(...thrice).at(-1)!.data).toMatchObject({ failureCount: 3, flagged: true });
    expect(history(...thrice.slice(0, -2)).at(-1)!.data).toMatchObject({ flagged: false });
    expect(stateOf(...thrice, complete(), qualityCheck(true)).status).toBe('ready_to_ship');
  });

  it('waits in awaiting_parts until every ordered part arrived', () => {
    const ordered = [
      openOrder(),
      assign(),
      diagnose(),
      orderParts([part('MOTOR-1', 1, 10000), part('BELT-2', 2, 500)]),
    ];
    expect(stateOf(...ordered, receiveParts([part('BELT-2', 2, 500)])).status).toBe(
      'awaiting_parts',
    );
    expect(stateOf(...ordered, receiveParts([part('BELT-2', 2, 500)]), receiveParts()).status).toBe(
      'in_repair',
    );
  });

  it('lets work start without parts, and more parts be ordered mid-repair', () => {
    expect(stateOf(openOrder(), assign(), diagnose([], 30), logWork(30)).status).toBe('in_repair');
    expect(stateOf(openOrder(), assign(), diagnose([], 30), logWork(30), orderParts()).status).toBe(
      'awaiting_parts',
    );
  });

  it('declares a unit unrepairable, asking for a replacement and paying for the diagnosis', () => {
    const events = history(openOrder(), assign(), diagnose(), unrepairable());
    expect(events.at(-1)!.data).toMatchObject({
      replacementRequested: true,
      claimId: 'claim-1',
      previousState: 'diagnosed',
      costs: { gross: EUR(2500), reimbursement: EUR(2500), customerCharge: EUR(0) },
    });
    expect(stateOf(openOrder(), assign(), diagnose(), unrepairable()).status).toBe('unrepairable');
  });

  it('reassigns to another service center, starting over at opened with its rates', () => {
    const order = stateOf(openOrder(), assign(), reassign('quickfix'));
    expect(order).toMatchObject({
      status: 'opened',
      serviceCenterId: 'quickfix',
      technician: null,
      diagnosis: null,
    });
  });

  it('changes technician without changing the state', () => {
    expect(stateOf(openOrder(), assign(), diagnose(), assign('tech-bo'))).toMatchObject({
      status: 'diagnosed',
      technician: 'tech-bo',
    });
  });
});

describe('repair order decider: refusals name the state', () => {
  const reach: Record<string, RepairOrderCommand[]> = {
    opened: [openOrder()],
    assigned: [openOrder(), assign()],
    diagnosed: [openOrder(), assign(), diagnose()],
    awaiting_approval: [notCovered(), assign(), diagnose()],
    approved: [notCovered(), assign(), diagnose(), approve()],
    declined: [notCovered(), assign(), diagnose(), decline()],
    awaiting_parts: coveredRepairShipped().slice(0, 4),
    in_repair: coveredRepairShipped().slice(0, 5),
    quality_check: coveredRepairShipped().slice(0, 7),
    ready_to_ship: coveredRepairShipped().slice(0, 8),
    shipped: coveredRepairShipped(),
  };
  const commands: Record<keyof typeof REPAIR_ORDER_TRANSITIONS, RepairOrderCommand> = {
    AssignTechnician: assign(),
    RecordDiagnosis: diagnose(),
    ApproveEstimate: approve(),
    DeclineEstimate: decline(),
    OrderParts: orderParts(),
    ReceiveParts: receiveParts(),
    LogRepairWork: logWork(),
    CompleteRepair: complete(),
    RecordQualityCheck: qualityCheck(true),
    ShipUnitBack: shipBack(),
    CloseRepairOrder: close(),
    DeclareUnrepairable: unrepairable(),
    ReassignRepairOrder: reassign(),
  };

  for (const [type, accepted] of Object.entries(REPAIR_ORDER_TRANSITIONS))
    for (const [state, commandsToReach] of Object.entries(reach)) {
      const command = commands[type as keyof typeof commands];
      if (accepted.includes(state as never))
        it(`${type} is accepted in ${state}`, () => {
          expect(stateOf(...commandsToReach).status).toBe(state);
          expect(
            repairOrderDecider.decide(command, stateOf(...commandsToReach)).length,
          ).toBeGreaterThan(0);
        });
      else
        it(`${type} is refused in ${state}, naming it`, () => {
          spec
            .given(history(...commandsToReach))
            .when(command)
            .thenThrows(IllegalStateError, refusedIn(state));
        });
    }

  it('refuses a reassignment once diagnosed, keeping the diagnosis the center made', () => {
    spec
      .given(history(openOrder(), assign(), diagnose()))
      .when(reassign())
      .thenThrows(IllegalStateError, refusedIn('diagnosed'));
    expect(REPAIR_ORDER_TRANSITIONS.ReassignRepairOrder).toEqual(['opened', 'assigned']);
  });

  it('refuses every step once closed or unrepairable', () => {
    spec
      .given(history(...coveredRepairShipped(), close()))
      .when(assign())
      .thenThrows(IllegalStateError, refusedIn('closed', 'repair-order-closed'));
    spec
      .given(history(openOrder(), assign(), unrepairable()))
      .when(reassign())
      .thenThrows(IllegalStateError, refusedIn('unrepairable', 'repair-order-unrepairable'));
  });

  it('refuses opening twice and steps on an order that does not exist', () => {
    spec
      .given(history(openOrder()))
      .when(openOrder())
      .thenThrows(IllegalStateError, refusedIn('opened', 'repair-order-already-opened'));
    spec.given([]).when(assign()).thenThrows(AggregateNotFoundError);
  });
});

describe('repair order decider: rules', () => {
  const inRepairAwaitingParts = coveredRepairShipped().slice(0, 4);
  const rule = (code: string) => (error: RuleViolationError) => expect(error.code).toBe(code);

  it('refuses receiving more than is outstanding, or a part never ordered', () => {
    spec
      .given(history(...inRepairAwaitingParts))
      .when(receiveParts([part('MOTOR-1', 2, 10000)]))
      .thenThrows(RuleViolationError, rule('parts-not-outstanding'));
    spec
      .given(history(...inRepairAwaitingParts))
      .when(receiveParts([part('OTHER', 1, 10)]))
      .thenThrows(RuleViolationError, rule('parts-not-outstanding'));
  });

  it('refuses parts in another currency than the rates, and a SKU twice', () => {
    spec
      .given(history(openOrder(), assign()))
      .when(diagnose([{ sku: 'X', quantity: 1, unitCost: { amount: 1, currency: 'USD' } }]))
      .thenThrows(RuleViolationError, rule('currency-mismatch'));
    spec
      .given(history(openOrder(), assign(), diagnose()))
      .when(orderParts([part('X', 1, 1), part('X', 1, 1)]))
      .thenThrows(RuleViolationError, rule('duplicate-sku'));
  });

  describe('amounts it cannot record exactly', () => {
    const tooLarge = (field: string) => (error: RuleViolationError) =>
      expect({ code: error.code, field: error.details.field }).toEqual({
        code: 'amount-too-large',
        field,
      });
    const hugeRates = { ...rates, laborRatePerHour: EUR(Number.MAX_SAFE_INTEGER) };
    const manyParts = (unitCost: number) =>
      Array.from({ length: 50 }, (_, i) => part(`P-${i}`, 9_999, unitCost));

    it('refuses an estimate, a work log or a receipt that would make any figure inexact', () => {
      spec
        .given(history(openOrder({ rates: hugeRates }), assign()))
        .when(diagnose([], 600))
        .thenThrows(RuleViolationError, tooLarge('laborMinutes'));
      spec
        .given(
          history(openOrder({ rates: { ...rates, partsMarkupBasisPoints: 100_000 } }), assign()),
        )
        .when(diagnose(manyParts(2_000_000_000)))
        .thenThrows(RuleViolationError, tooLarge('parts'));
      spec
        .given(history(openOrder({ rates: hugeRates }), assign(), diagnose([], 0)))
        .when(logWork(600))
        .thenThrows(RuleViolationError, tooLarge('laborMinutes'));
      const big = [part('BIG', 1, Number.MAX_SAFE_INTEGER)];
      spec
        .given(history(openOrder(), assign(), diagnose([]), orderParts(big)))
        .when(receiveParts(big))
        .thenThrows(RuleViolationError, tooLarge('parts'));
    });

    it('refuses to close on figures it cannot record exactly, even from events written unchecked', () => {
      const events = history(
        openOrder({ rates: hugeRates }),
        assign(),
        diagnose([], 0),
        logWork(1),
        complete(),
        qualityCheck(true),
        shipBack(),
      );
      const logged = events.findIndex((event) => event.type === 'RepairWorkLogged');
      events[logged] = {
        ...events[logged],
        data: { ...events[logged].data, laborMinutes: 600 },
      } as RepairOrderEvent;
      spec.given(events).when(close()).thenThrows(RuleViolationError, tooLarge('costs'));
      spec
        .given(events.slice(0, logged + 1))
        .when(unrepairable())
        .thenThrows(RuleViolationError, tooLarge('costs'));
    });

    it('prices large orders exactly: markup and labor are not rounded off through a float', () => {
      const order = openOrder({
        rates: { ...rates, laborRatePerHour: EUR(999_999_999), partsMarkupBasisPoints: 12_345 },
      });
      const estimate = history(order, assign(), diagnose(manyParts(999_999_998), 1_439)).at(-1)!;
      // 499,949,999,000,100 at cost plus 12.345% of it, and 23h59m at the rate.
      expect(estimate.data).toMatchObject({
        estimate: { total: EUR(1_117_138_272_765_723 + 23_983_333_309) },
      });
    });
  });

  it('refuses a reassignment to the same service center, and a failed check without a reason', () => {
    spec
      .given(history(openOrder()))
      .when(reassign('fixit-depot'))
      .thenThrows(RuleViolationError, rule('same-service-center'));
    spec
      .given(history(...coveredRepairShipped().slice(0, 7)))
      .when({ ...(qualityCheck(false) as object), notes: ' ' } as RepairOrderCommand)
      .thenThrows(RuleViolationError, rule('field-required'));
  });
});
