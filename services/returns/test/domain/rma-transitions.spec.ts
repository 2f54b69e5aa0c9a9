import {
  AggregateNotFoundError,
  IllegalStateError,
  RuleViolationError,
} from '@warranty/eventsourcing';
import { deciderSpecification } from '@warranty/testing';
import { rmaDecider } from '../../src/domain/rma.decider';
import type { AuthorizedRma, RmaState } from '../../src/domain/rma.state';
import {
  applyDisposition,
  authorizeRma,
  cancel,
  chargeDeposit,
  close,
  credit,
  EUR,
  expire,
  history,
  inspect,
  now,
  overdue,
  receive,
  refund,
  rmaId,
  ship,
  shipExchange,
  twoLines,
} from './fixtures';

const spec = deciderSpecification(rmaDecider);
const stateOf = (events: ReturnType<typeof history>): AuthorizedRma =>
  events.reduce<RmaState>(rmaDecider.evolve, rmaDecider.initialState) as AuthorizedRma;
const refusedIn =
  (state: string, code = 'illegal-transition') =>
  (error: IllegalStateError) => {
    expect(error.state).toBe(state);
    expect(error.code).toBe(code);
    expect(error.message).toContain(state);
  };

describe('RMA decider: authorization', () => {
  it('authorizes an RMA with its number, lines, label and deadline', () => {
    const events = history(authorizeRma());
    expect(events).toEqual([
      {
        type: 'RmaAuthorized',
        data: expect.objectContaining({
          rmaId,
          rmaNumber: 'RMA-2026-000001',
          type: 'exchange',
          returnBy: '2026-06-29',
          deposit: null,
        }),
      },
    ]);
    expect(stateOf(events).status).toBe('authorized');
  });

  it('refuses a second authorization, naming the state', () => {
    spec
      .given(history(authorizeRma()))
      .when(authorizeRma())
      .thenThrows(IllegalStateError, refusedIn('authorized', 'rma-already-authorized'));
  });

  it.each([
    ['no lines', { lines: [] }, 'lines-required'],
    [
      'a serial twice',
      { lines: [...twoLines.lines, { ...twoLines.lines[0], lineId: 'line-3' }] },
      'duplicate-serial',
    ],
    [
      'a warranty return without its claim',
      { rmaType: 'warranty_return' as const },
      'claim-required',
    ],
    ['a return-by date in the past', { returnBy: '2026-06-14' }, 'return-by-in-past'],
    [
      'an advance exchange without a deposit',
      { rmaType: 'advance_exchange' as const },
      'deposit-required',
    ],
    ['a deposit on a plain exchange', { deposit: EUR(100) }, 'deposit-not-allowed'],
    ['a malformed number', { rmaNumber: 'RMA-1' }, 'invalid-rma-number'],
  ])('refuses %s', (_, overrides, code) => {
    spec
      .given([])
      .when(authorizeRma(overrides))
      .thenThrows(RuleViolationError, (e: RuleViolationError) => expect(e.code).toBe(code));
  });

  it('answers 404 for a command on an RMA that does not exist', () => {
    spec.given([]).when(ship()).thenThrows(AggregateNotFoundError);
  });
});

describe('RMA decider: the return', () => {
  const authorized = history(authorizeRma());

  it('authorized -> in_transit on the shipment, and only once', () => {
    spec
      .given(authorized)
      .when(ship())
      .then([
        {
          type: 'ReturnShipped',
          data: { rmaId, carrier: 'DHL', trackingNumber: 'TRK-1', by: 'acme-appliances', at: now },
        },
      ]);
    expect(stateOf(history(authorizeRma(), ship())).status).toBe('in_transit');
    spec
      .given(history(authorizeRma(), ship()))
      .when(ship())
      .thenThrows(IllegalStateError, refusedIn('in_transit'));
  });

  it('in_transit -> received, and a unit may also be handed in without a shipment notice', () => {
    expect(stateOf(history(authorizeRma(), ship(), receive())).status).toBe('received');
    expect(stateOf(history(authorizeRma(), receive())).status).toBe('received');
  });

  it('records a serial that does not match as a mismatch, not a refusal', () => {
    spec
      .given(authorized)
      .when(receive('line-1', 'SN-OTHER'))
      .then([
        {
          type: 'ReturnReceived',
          data: {
            rmaId,
            lineId: 'line-1',
            expectedSerialNumber: 'SN-1',
            receivedSerialNumber: 'SN-OTHER',
            serialMatches: false,
            notes: '',
            by: 'acme-appliances',
            at: now,
          },
        },
      ]);
  });

  it('refuses a second receipt of a line, naming its state', () => {
    spec
      .given(history(authorizeRma({ ...twoLines }), receive()))
      .when(receive())
      .thenThrows(IllegalStateError, (e: IllegalStateError) => {
        expect(e.code).toBe('illegal-line-transition');
        expect(e.details).toMatchObject({ lineId: 'line-1', lineState: 'received' });
      });
  });

  it('received -> inspected with grade, finding, disposition and inspector', () => {
    const events = history(authorizeRma(), receive(), inspect());
    expect(events.at(-1)).toEqual({
      type: 'ReturnInspected',
      data: {
        rmaId,
        lineId: 'line-1',
        grade: 'C',
        finding: 'defect_confirmed',
        disposition: 'exchange',
        inspector: 'inspector-7',
        notes: '',
        at: now,
      },
    });
    expect(stateOf(events).status).toBe('inspected');
  });

  it('refuses to inspect a line that has not arrived', () => {
    spec
      .given(history(authorizeRma(), ship()))
      .when(inspect())
      .thenThrows(IllegalStateError, (e: IllegalStateError) => {
        expect(e.details).toMatchObject({ lineState: 'awaiting_return', state: 'in_transit' });
      });
  });
});

describe('RMA decider: dispositions', () => {
  it.each([
    ['exchange', shipExchange(), 'exchanged'],
    ['refund', refund('line-1', 129900), 'refunded'],
    ['credit', credit('line-1', 500), 'credited'],
    ['repair', applyDisposition('line-1', 'repair'), 'sent_to_repair'],
    [
      'return_to_customer',
      applyDisposition('line-1', 'return_to_customer'),
      'returned_to_customer',
    ],
    ['scrap', applyDisposition('line-1', 'scrap'), 'scrapped'],
  ] as const)('inspected for %s -> %s -> closed', (disposition, apply, outcome) => {
    const events = history(authorizeRma(), receive(), inspect('line-1', disposition), apply);
    expect(stateOf(events).status).toBe(outcome);
    const closed = history(
      authorizeRma(),
      receive(),
      inspect('line-1', disposition),
      apply,
      close(),
    );
    expect(closed.at(-1)).toEqual({
      type: 'RmaClosed',
      data: { rmaId, finalState: outcome, by: 'acme-appliances', at: now },
    });
    expect(stateOf(closed).status).toBe('closed');
  });

  it('refuses a disposition other than the inspected one', () => {
    const inspected = history(authorizeRma(), receive(), inspect('line-1', 'scrap'));
    spec
      .given(inspected)
      .when(refund())
      .thenThrows(RuleViolationError, (e: RuleViolationError) =>
        expect(e.code).toBe('disposition-mismatch'),
      );
    spec.given(inspected).when(shipExchange()).thenThrows(RuleViolationError);
  });

  it('never refunds more than the price, nor in another currency', () => {
    const inspected = history(authorizeRma(), receive(), inspect('line-1', 'refund'));
    spec
      .given(inspected)
      .when(refund('line-1', 129901))
      .thenThrows(RuleViolationError, (e: RuleViolationError) => {
        expect(e.code).toBe('amount-exceeds-price');
      });
    spec
      .given(inspected)
      .when({
        ...(refund() as Extract<ReturnType<typeof refund>, { type: 'IssueRefund' }>),
        amount: { amount: 10, currency: 'USD' },
      })
      .thenThrows(RuleViolationError, (e: RuleViolationError) =>
        expect(e.code).toBe('currency-mismatch'),
      );
  });

  it('refuses a second refund of a line: its disposition was applied', () => {
    spec
      .given(history(authorizeRma(), receive(), inspect('line-1', 'refund'), refund()))
      .when(refund())
      .thenThrows(IllegalStateError, refusedIn('refunded', 'illegal-line-transition'));
  });

  it.each([
    ['refund', refund],
    ['credit', credit],
  ] as const)(
    "refuses a %s once the line's unit was bought back since the authorization, naming why",
    (disposition, payOut) => {
      const inspected = history(authorizeRma(), receive(), inspect('line-1', disposition));
      spec
        .given(inspected)
        .when(payOut('line-1', 1000, 'returned_for_refund'))
        .thenThrows(IllegalStateError, (e: IllegalStateError) => {
          refusedIn('inspected', 'registration-cancelled')(e);
          expect(e.details).toEqual({
            state: 'inspected',
            lineId: 'line-1',
            serialNumber: 'SN-1',
            productId: 'acme-appliances~SN-1',
            reason: 'returned_for_refund',
          });
          expect(e.message).toContain('bought back');
        });
    },
  );

  it('names the unit of a line that has no productId by its serial', () => {
    spec
      .given(
        history(
          authorizeRma({ ...twoLines }),
          receive('line-2', 'SN-2'),
          inspect('line-2', 'refund'),
        ),
      )
      .when(refund('line-2', 10, 'registered_in_error'))
      .thenThrows(IllegalStateError, (e: IllegalStateError) =>
        expect(e.details).toMatchObject({
          productId: 'acme-appliances~SN-2',
          reason: 'registered_in_error',
        }),
      );
  });

  it("lets the RMA whose own refund ended the registration close, and refuses a second refund for the line's state", () => {
    const refunded = history(authorizeRma(), receive(), inspect('line-1', 'refund'), refund());
    spec
      .given(refunded)
      .when(refund('line-1', 1000, 'returned_for_refund'))
      .thenThrows(IllegalStateError, refusedIn('refunded', 'illegal-line-transition'));
    spec
      .given(refunded)
      .when(close())
      .then([
        {
          type: 'RmaClosed',
          data: { rmaId, finalState: 'refunded', by: 'acme-appliances', at: now },
        },
      ]);
  });

  it('refuses to close before every line has its disposition', () => {
    spec
      .given(history(authorizeRma(), receive(), inspect()))
      .when(close())
      .thenThrows(IllegalStateError, refusedIn('inspected'));
  });
});

describe('RMA decider: several lines', () => {
  it('moves with its least advanced line, and is mixed when the lines end differently', () => {
    const steps = [authorizeRma({ ...twoLines }), ship(), receive('line-1', 'SN-1')];
    expect(stateOf(history(...steps)).status).toBe('in_transit');
    steps.push(receive('line-2', 'SN-2'));
    expect(stateOf(history(...steps)).status).toBe('received');
    steps.push(inspect('line-1', 'refund'));
    expect(stateOf(history(...steps)).status).toBe('received');
    steps.push(inspect('line-2', 'scrap'), refund('line-1', 1000));
    expect(stateOf(history(...steps)).status).toBe('inspected');
    steps.push(applyDisposition('line-2', 'scrap'));
    const rma = stateOf(history(...steps));
    expect(rma.status).toBe('mixed');
    expect(rma.lines.map((l) => l.applied)).toEqual(['refund', 'scrap']);
    expect(stateOf(history(...steps, close())).status).toBe('closed');
  });

  it('ends in one outcome when every line shares it', () => {
    const rma = stateOf(
      history(
        authorizeRma({ ...twoLines }),
        receive('line-1', 'SN-1'),
        receive('line-2', 'SN-2'),
        inspect('line-1', 'credit'),
        inspect('line-2', 'credit'),
        credit('line-1', 10),
        credit('line-2', 2000),
      ),
    );
    expect(rma.status).toBe('credited');
  });
});

describe('RMA decider: expiry, cancellation, advance exchange', () => {
  it('authorized -> expired once past the return-by day, once only', () => {
    spec
      .given(history(authorizeRma()))
      .when(expire())
      .then([
        { type: 'RmaExpired', data: { rmaId, returnBy: '2026-06-29', by: 'timer', at: overdue } },
      ]);
    spec
      .given(history(authorizeRma()))
      .when(expire('2026-06-29T23:59:00.000Z'))
      .thenThrows(IllegalStateError, refusedIn('authorized', 'return-not-yet-due'));
    spec.given(history(authorizeRma(), expire())).when(expire()).thenNothing();
  });

  it('does not expire an RMA already shipped, and an expired one accepts nothing', () => {
    spec
      .given(history(authorizeRma(), ship()))
      .when(expire())
      .thenThrows(IllegalStateError, refusedIn('in_transit'));
    spec
      .given(history(authorizeRma(), expire()))
      .when(ship())
      .thenThrows(IllegalStateError, refusedIn('expired', 'rma-expired'));
  });

  it('cancels before receipt, not after; a cancelled RMA accepts nothing', () => {
    spec
      .given(history(authorizeRma(), ship()))
      .when(cancel())
      .then([
        {
          type: 'RmaCancelled',
          data: {
            rmaId,
            reason: 'Customer kept it',
            previousState: 'in_transit',
            by: 'acme-appliances',
            at: now,
          },
        },
      ]);
    spec
      .given(history(authorizeRma(), receive()))
      .when(cancel())
      .thenThrows(IllegalStateError, refusedIn('received'));
    spec
      .given(history(authorizeRma(), cancel()))
      .when(receive())
      .thenThrows(IllegalStateError, refusedIn('cancelled', 'rma-cancelled'));
  });

  it('a closed RMA accepts nothing', () => {
    const closed = history(
      authorizeRma(),
      receive(),
      inspect('line-1', 'scrap'),
      applyDisposition(),
      close(),
    );
    spec
      .given(closed)
      .when(close())
      .thenThrows(IllegalStateError, refusedIn('closed', 'rma-closed'));
  });

  const advance = authorizeRma({ rmaType: 'advance_exchange', deposit: EUR(50000) });

  it('ships the replacement before the faulty unit comes back; its inspection completes the exchange', () => {
    const shipped = history(advance, shipExchange());
    expect(shipped.at(-1)).toMatchObject({
      type: 'ExchangeShipped',
      data: { advance: true, replacementSerialNumber: 'SN-NEW-1', originalSerialNumber: 'SN-1' },
    });
    expect(stateOf(shipped).status).toBe('authorized');
    const done = history(advance, shipExchange(), ship(), receive(), inspect('line-1', 'exchange'));
    expect(stateOf(done).status).toBe('exchanged');
    spec
      .given(history(advance, shipExchange(), receive()))
      .when(inspect('line-1', 'scrap'))
      .thenThrows(RuleViolationError);
  });

  it('charges the deposit once when the faulty unit is not back by the deadline', () => {
    const shipped = history(advance, shipExchange());
    spec
      .given(shipped)
      .when(chargeDeposit())
      .then([
        {
          type: 'AdvanceExchangeDepositCharged',
          data: {
            rmaId,
            lineIds: ['line-1'],
            amount: EUR(50000),
            returnBy: '2026-06-29',
            by: 'timer',
            at: overdue,
          },
        },
      ]);
    spec
      .given(shipped)
      .when(chargeDeposit(now))
      .thenThrows(IllegalStateError, refusedIn('authorized', 'return-not-yet-due'));
    const charged = history(advance, shipExchange(), chargeDeposit());
    expect(stateOf(charged).status).toBe('exchanged');
    spec.given(charged).when(chargeDeposit()).thenNothing();
    spec.given(charged).when(receive()).thenThrows(IllegalStateError);
  });

  it('charges nothing when no replacement went out, and an advance exchange under way neither expires nor cancels', () => {
    spec
      .given(history(advance))
      .when(chargeDeposit())
      .thenThrows(IllegalStateError, refusedIn('authorized', 'no-advance-replacement'));
    spec
      .given(history(advance, shipExchange()))
      .when(expire())
      .thenThrows(IllegalStateError, refusedIn('authorized', 'rma-under-way'));
    spec
      .given(history(advance, shipExchange()))
      .when(cancel())
      .thenThrows(IllegalStateError, refusedIn('authorized', 'rma-under-way'));
  });
});
