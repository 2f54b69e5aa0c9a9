import { pino, type Logger as Pino } from 'pino';

/** The process's one pino logger: request lines and Nest's own log calls both go to it. */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

export function createRootLogger(level: string): Pino {
  return pino({
    level,
    // Readable lines in a terminal, JSON lines for log collectors.
    transport: process.stdout.isTTY
      ? {
          target: 'pino-pretty',
          options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' },
        }
      : undefined,
  });
}
