import { Logger } from '@nestjs/common';
import { type LogEntry, logLevel, type logCreator } from 'kafkajs';

// kafkajs reports these while a broker or group is still starting, then retries and succeeds.
const RETRIED_NOISE = [
  /coordinator is loading/i,
  /group coordinator is not available/i,
  /not the correct coordinator/i,
  /InitProducerId/,
  /not the leader for that topic-partition/i,
  /in the middle of a leadership election/i,
];

// A heartbeat's answer while consumers join or leave: kafkajs rejoins; worth seeing, not an error.
const REBALANCING = /group is rebalancing/i;

export type KafkaLogMethod = 'error' | 'warn' | 'log' | 'debug';

/** The Nest log method for a kafkajs entry: retried start-up errors go to debug, rebalances to info. */
export function kafkaLogMethod({ level, log }: Pick<LogEntry, 'level' | 'log'>): KafkaLogMethod {
  const text = `${log.message} ${String(log.error ?? '')}`;
  if (RETRIED_NOISE.some((noise) => noise.test(text))) return 'debug';
  if (REBALANCING.test(text)) return 'log';
  if (level === logLevel.ERROR || level === logLevel.NOTHING) return 'error';
  if (level === logLevel.WARN) return 'warn';
  return level === logLevel.INFO ? 'log' : 'debug';
}

/** kafkajs logs through the Nest logger (and so pino), with start-up noise at debug. */
export const kafkaLogCreator: logCreator = () => {
  const logger = new Logger('Kafka');
  return (entry) => {
    const { message, ...details } = entry.log;
    logger[kafkaLogMethod(entry)](
      `${entry.label} [${entry.namespace}] ${message} ${JSON.stringify(details)}`,
    );
  };
};
