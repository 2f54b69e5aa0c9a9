import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { runCommand } from './processes';

export interface KafkaJars {
  version: string;
  /** Java class path (a wildcard over the cached jars). */
  classpath: string;
}

const POM = join('deploy', 'kafka-local', 'pom.xml');
const MARKER = '.pom-sha256';

/** The repository root, found by walking up to deploy/kafka-local/pom.xml so it works from src and dist alike. */
export function repositoryRoot(from = __dirname): string {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, POM))) return dir;
    if (dirname(dir) === dir) throw new Error(`cannot find ${POM} above ${from}`);
  }
}

export function dataRoot(): string {
  return resolve(process.env.WARRANTY_DATA_DIR ?? join(repositoryRoot(), '.data'));
}

export function pinnedKafkaVersion(pomXml: string): string {
  const match = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(pomXml);
  if (!match) throw new Error(`no <kafka.version> in ${POM}`);
  return match[1].trim();
}

interface JarCache {
  pomPath: string;
  pomHash: string;
  version: string;
  libs: string;
}

function jarCache(): JarCache {
  const pomPath = join(repositoryRoot(), POM);
  const pomXml = readFileSync(pomPath, 'utf8');
  const version = pinnedKafkaVersion(pomXml);
  const pomHash = createHash('sha256').update(pomXml).digest('hex');
  return { pomPath, pomHash, version, libs: join(dataRoot(), 'kafka', version, 'libs') };
}

function isCached({ libs, pomHash }: JarCache): boolean {
  const markerPath = join(libs, MARKER);
  return existsSync(markerPath) && readFileSync(markerPath, 'utf8') === pomHash;
}

export function kafkaJarsCached(): boolean {
  return isCached(jarCache());
}

/** The broker's jars under .data/kafka/<version>/libs, fetched by Maven on first use or after the pom changed. */
export async function ensureKafkaJars(log: (line: string) => void): Promise<KafkaJars> {
  const cache = jarCache();
  const { pomPath, pomHash, version, libs } = cache;
  const classpath = join(libs, '*');
  if (isCached(cache)) return { version, classpath };
  const started = Date.now();
  let downloads = 0;
  log(`Fetching Apache Kafka ${version} jars with Maven into ${libs} (once per version)`);
  const staging = `${libs}.staging-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  const result = await runCommand(
    'mvn',
    [
      '-B',
      '-Dstyle.color=never',
      '-f',
      pomPath,
      'dependency:copy-dependencies',
      '-DincludeScope=runtime',
      `-DoutputDirectory=${staging}`,
    ],
    (line) => {
      if (line.startsWith('[ERROR]')) log(line);
      // Maven also fetches its plugins on a cold cache, so count files rather than list each one.
      if (line.startsWith('[INFO] Downloaded from') && ++downloads % 25 === 0) {
        log(`  Maven: ${downloads} files downloaded so far`);
      }
    },
  );
  if (result.code !== 0) {
    await rm(staging, { recursive: true, force: true });
    throw new Error(
      `Maven could not fetch Kafka ${version} (exit ${result.code}):\n${result.tail}`,
    );
  }
  await writeFile(join(staging, MARKER), pomHash);
  await installStaged(staging, libs);
  log(`Kafka ${version} jars ready (${downloads} files downloaded, ${Date.now() - started} ms)`);
  return { version, classpath };
}

/** Moves staged jars into place; when a concurrent run got there first with the same pom, keeps theirs. */
async function installStaged(staging: string, libs: string): Promise<void> {
  const markerPath = join(libs, MARKER);
  const stagedHash = readFileSync(join(staging, MARKER), 'utf8');
  if (existsSync(markerPath) && readFileSync(markerPath, 'utf8') === stagedHash) {
    await rm(staging, { recursive: true, force: true });
    return;
  }
  await rm(libs, { recursive: true, force: true });
  try {
    await rename(staging, libs);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    if (!existsSync(markerPath)) throw error;
  }
}
