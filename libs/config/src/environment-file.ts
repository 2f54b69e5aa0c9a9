import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Configuration, readConfiguration } from './configuration';

/**
 * The configuration of a process: `.env` in the working directory when there is one (variables
 * already set win), then the environment, checked against the schema.
 */
export function loadConfiguration(cwd = process.cwd()): Configuration {
  const file = join(cwd, '.env');
  if (existsSync(file)) process.loadEnvFile(file);
  return readConfiguration(process.env, cwd);
}
