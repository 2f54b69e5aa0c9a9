import { CONTEXT_TOPICS, Topics } from '@warranty/messaging';
import { repairRatesStream, repairStream } from '../src/domain/events';

describe('the repairs topic', () => {
  it('carries every stream the repairs context writes, so the relay publishes them all', () => {
    const topics = new Topics();
    for (const stream of [repairStream('o-1'), repairRatesStream('acme', 'fixit-depot')])
      expect(topics.forStream(stream)).toBe(CONTEXT_TOPICS.repairs);
  });
});
