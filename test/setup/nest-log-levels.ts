import { Logger } from '@nestjs/common';

// Outside an app's pino logger, Nest prints every level; debug (kafkajs start-up retries) is noise in test output.
Logger.overrideLogger(['fatal', 'error', 'warn', 'log']);
