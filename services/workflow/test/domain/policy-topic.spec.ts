import { Topics } from '@warranty/messaging';
import { fulfilmentPolicyStream } from '../../src/domain/fulfilment-policy';

describe('fulfilment policy streams on Kafka', () => {
  it('have a topic, so the relay publishes them instead of stopping on them', () => {
    expect(new Topics('ns.').forStream(fulfilmentPolicyStream('acme'))).toBe(
      'ns.warranty.workflow.v1',
    );
  });
});
