import { IllegalStateError, RuleViolationError } from '@warranty/eventsourcing';
import { deciderSpecification } from '@warranty/testing';
import { rmaDecider } from '../../src/domain/rma.decider';
import { authorizeRma, EUR, history, inspect, receive, shipExchange, twoLines } from './fixtures';

const spec = deciderSpecification(rmaDecider);

/** Both lines of `twoLines` arrived and were inspected for an exchange. */
const bothInspected = [
  twoLines,
  receive('line-1', 'SN-1'),
  receive('line-2', 'SN-2'),
  inspect('line-1', 'exchange'),
  inspect('line-2', 'exchange'),
];
const oneInspected = history(authorizeRma(), receive(), inspect('line-1', 'exchange'));

const refused =
  (code: string, details: Record<string, unknown> = {}) =>
  (error: IllegalStateError) => {
    expect(error.code).toBe(code);
    expect(error.state).toBe('inspected');
    expect(error.details).toMatchObject(details);
  };

describe('RMA decider: what may go out as a replacement', () => {
  it('ships a serial registration has never registered', () => {
    spec
      .given(oneInspected)
      .when(shipExchange('line-1', 'SN-NEW-1', { status: 'unregistered' }))
      .then([
        {
          type: 'ExchangeShipped',
          data: expect.objectContaining({ lineId: 'line-1', replacementSerialNumber: 'SN-NEW-1' }),
        },
      ]);
  });

  it("refuses the line's own unit, and a unit another line returns, as bad input (400)", () => {
    for (const [lineId, serial] of [
      ['line-1', 'SN-1'],
      ['line-1', 'SN-2'],
    ])
      spec
        .given(history(...bothInspected))
        .when(shipExchange(lineId, serial))
        .thenThrows(RuleViolationError, (error: RuleViolationError) => {
          expect(error.code).toBe('replacement-is-returned-unit');
          expect(error.details).toEqual({ field: 'replacementSerialNumber' });
          expect(error.message).toContain(serial);
        });
  });

  it('refuses a replacement that already went out for another line, naming that line', () => {
    spec
      .given(history(...bothInspected, shipExchange('line-1', 'SN-NEW-1')))
      .when(shipExchange('line-2', 'SN-NEW-1'))
      .thenThrows(
        IllegalStateError,
        refused('replacement-already-used', {
          lineId: 'line-2',
          serialNumber: 'SN-NEW-1',
          usedOnLineId: 'line-1',
        }),
      );
  });

  it('refuses a registered unit (sold to a customer, voided or not) as a conflict naming only the serial', () => {
    spec
      .given(oneInspected)
      .when(shipExchange('line-1', 'SOLD-9', { status: 'registered' }))
      .thenThrows(IllegalStateError, (error: IllegalStateError) => {
        refused('replacement-registered')(error);
        expect(error.details).toEqual({
          state: 'inspected',
          lineId: 'line-1',
          serialNumber: 'SOLD-9',
        });
        expect(error.message).toContain('SOLD-9');
      });
  });

  it.each([
    ['returned_for_refund', 'bought back: refunded or credited'],
    ['replaced', 'replaced through an exchange'],
    ['registered_in_error', 'registered in error'],
  ])(
    'refuses a unit whose registration was cancelled (%s): a unit is registered once',
    (cancelledFor, words) => {
      spec
        .given(oneInspected)
        .when(shipExchange('line-1', 'BACK-1', { status: 'cancelled', cancelledFor }))
        .thenThrows(IllegalStateError, (error: IllegalStateError) => {
          refused('replacement-registration-cancelled', {
            lineId: 'line-1',
            serialNumber: 'BACK-1',
            reason: cancelledFor,
          })(error);
          expect(error.message).toContain(words);
        });
    },
  );

  it('checks the replacement ahead of an advance exchange too', () => {
    const advance = history(authorizeRma({ rmaType: 'advance_exchange', deposit: EUR(50000) }));
    spec
      .given(advance)
      .when(shipExchange('line-1', 'SOLD-9', { status: 'registered' }))
      .thenThrows(IllegalStateError, (error: IllegalStateError) =>
        expect(error.code).toBe('replacement-registered'),
      );
    spec
      .given(advance)
      .when(shipExchange('line-1', 'SN-1'))
      .thenThrows(RuleViolationError, (error: RuleViolationError) =>
        expect(error.code).toBe('replacement-is-returned-unit'),
      );
  });

  it('answers a line that already has its replacement as before, once registration registered it', () => {
    const advance = authorizeRma({ rmaType: 'advance_exchange', deposit: EUR(50000) });
    spec
      .given(history(advance, shipExchange()))
      .when(shipExchange('line-1', 'SN-NEW-1', { status: 'registered' }))
      .thenThrows(IllegalStateError, (error: IllegalStateError) =>
        expect(error.code).toBe('replacement-already-shipped'),
      );
  });
});
