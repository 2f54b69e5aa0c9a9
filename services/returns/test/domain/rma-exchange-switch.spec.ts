import { RuleViolationError } from '@warranty/eventsourcing';
import { deciderSpecification } from '@warranty/testing';
import { rmaDecider } from '../../src/domain/rma.decider';
import type { AuthorizedRma, RmaState } from '../../src/domain/rma.state';
import {
  authorizeRma,
  history,
  inspect,
  receive,
  rmaId,
  ship,
  shipExchange,
  switchToExchange,
} from './fixtures';

const spec = deciderSpecification(rmaDecider);
const stateOf = (events: ReturnType<typeof history>): AuthorizedRma =>
  events.reduce<RmaState>(rmaDecider.evolve, rmaDecider.initialState) as AuthorizedRma;

describe('RMA decider: a line whose repair failed switches to an exchange', () => {
  it('records the switch with the reason and the repair order, and the line awaits its exchange', () => {
    const events = history(
      authorizeRma(),
      ship(),
      receive(),
      inspect('line-1', 'repair'),
      switchToExchange(),
    );
    expect(events.at(-1)).toEqual({
      type: 'LineSwitchedToExchange',
      data: {
        rmaId,
        lineId: 'line-1',
        reason: 'Unrepairable: motor housing cracked',
        repairOrderId: 'ro-1',
        by: 'acme-appliances',
        at: expect.any(String),
      },
    });
    const line = stateOf(events).lines[0];
    expect(line).toMatchObject({ status: 'inspected', inspection: { disposition: 'exchange' } });
  });

  it('then lets the replacement ship, which ends the line as exchanged', () => {
    const events = history(
      authorizeRma(),
      ship(),
      receive(),
      inspect('line-1', 'repair'),
      switchToExchange(),
      shipExchange(),
    );
    expect(stateOf(events).status).toBe('exchanged');
  });

  it('refuses a line inspected for something other than a repair', () => {
    spec
      .given(history(authorizeRma(), ship(), receive(), inspect('line-1', 'scrap')))
      .when(switchToExchange())
      .thenThrows(RuleViolationError, (error: RuleViolationError) =>
        expect(error.code).toBe('disposition-mismatch'),
      );
  });

  it('is a no-op when the line already switched (a redelivered command)', () => {
    spec
      .given(
        history(authorizeRma(), ship(), receive(), inspect('line-1', 'repair'), switchToExchange()),
      )
      .when(switchToExchange())
      .then([]);
  });
});
