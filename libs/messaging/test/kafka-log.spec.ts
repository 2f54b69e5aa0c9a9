import { logLevel } from 'kafkajs';
import { kafkaLogMethod } from '../src/kafka-log';

const response = (request: string, error: string) => ({
  level: logLevel.ERROR,
  log: { message: `Response ${request}`, error, timestamp: '', logger: 'kafkajs' },
});

describe('kafkajs log levels', () => {
  it.each([
    response('GroupCoordinator(key: 10, version: 2)', 'The group coordinator is not available'),
    response(
      'JoinGroup(key: 11, version: 5)',
      "The coordinator is loading and hence can't process requests",
    ),
    response(
      'Heartbeat(key: 12, version: 3)',
      'This is not the correct coordinator for this group',
    ),
    response('InitProducerId(key: 22, version: 1)', 'The coordinator is not available'),
    response(
      'ListOffsets(key: 2, version: 3)',
      'This server is not the leader for that topic-partition',
    ),
    response(
      'Metadata(key: 3, version: 6)',
      'There is no leader for this topic-partition as we are in the middle of a leadership election',
    ),
  ])('logs start-up noise at debug: $log.error', (entry) => {
    expect(kafkaLogMethod(entry)).toBe('debug');
  });

  it('logs a rebalance at info, not as an error', () => {
    const rebalancing = response(
      'Heartbeat(key: 12, version: 3)',
      'The group is rebalancing, so a rejoin is needed',
    );
    expect(kafkaLogMethod(rebalancing)).toBe('log');
  });

  it('keeps other errors at error and maps the other levels', () => {
    expect(kafkaLogMethod(response('Produce(key: 0, version: 7)', 'Broker not connected'))).toBe(
      'error',
    );
    const log = { message: 'Consumer has joined the group', timestamp: '', logger: 'kafkajs' };
    expect(kafkaLogMethod({ level: logLevel.WARN, log })).toBe('warn');
    expect(kafkaLogMethod({ level: logLevel.INFO, log })).toBe('log');
    expect(kafkaLogMethod({ level: logLevel.DEBUG, log })).toBe('debug');
  });
});
