import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** Kafka 4.x brokers need Java 17 or newer. */
export const MINIMUM_JAVA = 17;

export function javaCommand(): string {
  return process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
}

/** Major version of the java on PATH (or JAVA_HOME), undefined when there is none. */
export function javaMajorVersion(): number | undefined {
  const result = spawnSync(javaCommand(), ['-version'], { encoding: 'utf8', timeout: 15_000 });
  if (result.error || result.status !== 0) return undefined;
  const match = /version "(\d+)(?:\.(\d+))?/.exec(result.stderr);
  if (!match) return undefined;
  // Java 8 and older report "1.8.0_x".
  return match[1] === '1' ? Number(match[2]) : Number(match[1]);
}

export async function javaAvailable(): Promise<boolean> {
  return (javaMajorVersion() ?? 0) >= MINIMUM_JAVA;
}

export function mavenAvailable(): boolean {
  const result = spawnSync('mvn', ['-v'], { encoding: 'utf8', timeout: 30_000 });
  return !result.error && result.status === 0;
}
