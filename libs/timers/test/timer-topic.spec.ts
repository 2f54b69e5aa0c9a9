import { Topics } from '@warranty/messaging';
import { timerStream } from '../src';

describe('timer streams on Kafka', () => {
  it('have a topic, so the relay publishes them instead of stopping on them', () => {
    expect(new Topics('ns.').forStream(timerStream('rma-expiry-1'))).toBe('ns.warranty.timers.v1');
  });
});
