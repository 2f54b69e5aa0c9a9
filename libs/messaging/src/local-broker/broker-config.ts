import { randomBytes } from 'node:crypto';

export interface BrokerPorts {
  broker: number;
  controller: number;
}

export const HOST = '127.0.0.1';

/** A Kafka cluster id: 16 random bytes, base64url without padding (what `kafka-storage random-uuid` prints). */
export function newClusterId(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * Single-node KRaft: one process is both controller and broker, everything on loopback.
 * Topics are not auto-created, so a missing topic fails loudly instead of appearing with defaults.
 */
export function serverProperties(ports: BrokerPorts, logDir: string): string {
  const settings: Record<string, string | number> = {
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.voters': `1@${HOST}:${ports.controller}`,
    listeners: `PLAINTEXT://${HOST}:${ports.broker},CONTROLLER://${HOST}:${ports.controller}`,
    'advertised.listeners': `PLAINTEXT://${HOST}:${ports.broker}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'log.dirs': logDir,
    'num.partitions': 3,
    'auto.create.topics.enable': 'false',
    'offsets.topic.replication.factor': 1,
    'offsets.topic.num.partitions': 3,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'transaction.state.log.num.partitions': 3,
    'share.coordinator.state.topic.replication.factor': 1,
    'share.coordinator.state.topic.min.isr': 1,
    'group.initial.rebalance.delay.ms': 0,
    'num.network.threads': 2,
    'num.io.threads': 2,
    'log.retention.hours': 24,
  };
  return Object.entries(settings)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n')
    .concat('\n');
}

/** log4j2 to stdout, which the launcher sends to broker.log. */
export function log4jProperties(): string {
  return [
    'status = warn',
    'appender.out.type = Console',
    'appender.out.name = out',
    'appender.out.layout.type = PatternLayout',
    'appender.out.layout.pattern = [%d] %p %m (%c)%n',
    'rootLogger.level = info',
    'rootLogger.appenderRef.out.ref = out',
    // The full config dump and per-partition chatter drown the lines that explain a failure.
    'logger.config.name = org.apache.kafka.common.config.AbstractConfig',
    'logger.config.level = warn',
    'logger.state.name = state.change.logger',
    'logger.state.level = warn',
    '',
  ].join('\n');
}
