import { CONTEXT_TOPICS, Topics } from '@warranty/messaging';
import { rmaStream } from '../src/domain/events';
import { rmaNumbersStream } from '../src/domain/rma-numbers';
import { rmaUnitStream } from '../src/domain/rma-units';
import { returnPolicyStream } from '../src/domain/return-policy';

describe('the returns topic', () => {
  it('carries every stream the returns context writes, so the relay publishes them all', () => {
    const topics = new Topics();
    for (const stream of [
      rmaStream('r-1'),
      rmaNumbersStream('acme'),
      rmaUnitStream('acme', 'SN-1'),
      returnPolicyStream('acme'),
    ])
      expect(topics.forStream(stream)).toBe(CONTEXT_TOPICS.returns);
  });
});
