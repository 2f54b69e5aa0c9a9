import { EventStoreUnavailableError, type RecordedEvent } from '@warranty/event-store';
import { EventAttempts, isOutage } from '../../src/reactions/event-attempts';

const event = (id: string) => ({ id }) as RecordedEvent;
const pgError = (code: string) => Object.assign(new Error(code), { code });

describe('attempts at an event the workflow fails on', () => {
  it('parks on the fifth failure, and a success forgets the ones before', () => {
    const attempts = new EventAttempts();
    for (let i = 1; i < 5; i++) expect(attempts.failed(event('a'))).toBe(false);
    attempts.succeeded(event('b'));
    expect(attempts.failed(event('a'))).toBe(true);
    // Counted afresh: a redelivered event gets its own attempts again.
    expect(attempts.failed(event('a'))).toBe(false);
    attempts.succeeded(event('a'));
    for (let i = 1; i < 5; i++) expect(attempts.failed(event('a'))).toBe(false);
  });

  it('tells an outage, waited out, from a fault of the event, counted', () => {
    expect(isOutage(new EventStoreUnavailableError('store down'))).toBe(true);
    expect(isOutage(pgError('ECONNREFUSED'))).toBe(true);
    expect(isOutage(pgError('57P01'))).toBe(true);
    expect(isOutage(pgError('40001'))).toBe(true);
    expect(isOutage(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isOutage(new TypeError("Cannot read properties of undefined (reading 'map')"))).toBe(
      false,
    );
    expect(isOutage(pgError('23505'))).toBe(false);
  });
});
