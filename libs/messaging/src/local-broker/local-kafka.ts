import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { HOST, log4jProperties, newClusterId, serverProperties } from './broker-config';
import { javaCommand, javaMajorVersion, mavenAvailable, MINIMUM_JAVA } from './java';
import { ensureKafkaJars, kafkaJarsCached, KafkaJars } from './kafka-jars';
import { canConnect, distinctFreePorts } from './ports';
import { explainLog, looksLikeKafka, runCommand, terminate } from './processes';
import { waitForBroker } from './readiness';

export interface LocalKafkaOptions {
  /** Where the broker keeps its files; made fresh at start, removed at stop. A temp dir when omitted. */
  dataDir?: string;
  log?: (line: string) => void;
  /** Broker port; a free one when omitted. */
  port?: number;
  /** Let the broker outlive this process (the dev CLI); stop it later with stopLocalKafkaProcess. */
  detached?: boolean;
  startTimeoutMs?: number;
}

export interface LocalKafka {
  /** host:port for clients. */
  brokers: string;
  pid: number;
  dataDir: string;
  logFile: string;
  version: string;
  stop(): Promise<void>;
  /** Stops the broker cleanly and starts it again on the same port with the same data (fault tests). */
  restart(): Promise<void>;
}

const OWNER_MARKER = '.local-kafka';
const JVM_OPTIONS = [
  '-Xms128m',
  '-Xmx512m',
  '-XX:+UseG1GC',
  '-XX:MaxGCPauseMillis=20',
  '-XX:+ExitOnOutOfMemoryError',
  '-Djava.awt.headless=true',
];

/** Why a local broker cannot be started here, or undefined when it can. */
export function localKafkaUnavailableReason(): string | undefined {
  const java = javaMajorVersion();
  if (java === undefined) return 'no java on PATH or JAVA_HOME';
  if (java < MINIMUM_JAVA) return `java ${java} is older than the ${MINIMUM_JAVA} Kafka needs`;
  if (!kafkaJarsCached() && !mavenAvailable())
    return 'Kafka jars are not cached and mvn is missing';
  return undefined;
}

/** Starts a single-node KRaft Kafka broker on loopback from jars that Maven fetches once. */
export async function startLocalKafka(options: LocalKafkaOptions = {}): Promise<LocalKafka> {
  const log = options.log ?? (() => undefined);
  const unavailable = localKafkaUnavailableReason();
  if (unavailable) throw new Error(`cannot start a local Kafka broker: ${unavailable}`);
  const jars = await ensureKafkaJars(log);
  try {
    return await launch(jars, options, log);
  } catch (error) {
    // A free port can be taken between choosing it and the broker binding it; one retry covers that race.
    if (options.port || !String(error).includes('Address already in use')) throw error;
    log('a chosen port was taken meanwhile; starting again on other ports');
    return launch(jars, options, log);
  }
}

/** Stops a broker by pid (SIGTERM, SIGKILL after 15 s) and removes its data dir. */
export async function stopLocalKafkaProcess(pid: number, dataDir: string): Promise<void> {
  if (looksLikeKafka(pid)) await terminate(pid);
  await rm(dataDir, { recursive: true, force: true });
}

async function prepareDataDir(requested: string | undefined): Promise<string> {
  if (!requested) return mkdtemp(join(tmpdir(), 'warranty-kafka-'));
  const dataDir = resolve(requested);
  const foreign =
    existsSync(dataDir) &&
    readdirSync(dataDir).length > 0 &&
    !existsSync(join(dataDir, OWNER_MARKER));
  // The dir is wiped at start and stop, so never take over one that holds someone else's files.
  if (foreign) throw new Error(`${dataDir} is not empty and was not made by startLocalKafka`);
  await rm(dataDir, { recursive: true, force: true });
  await mkdir(dataDir, { recursive: true });
  return dataDir;
}

async function launch(
  jars: KafkaJars,
  options: LocalKafkaOptions,
  log: (line: string) => void,
): Promise<LocalKafka> {
  const started = Date.now();
  if (options.port && (await canConnect(HOST, options.port))) {
    throw new Error(`cannot start a local Kafka broker: ${HOST}:${options.port} is already in use`);
  }
  const dataDir = await prepareDataDir(options.dataDir);
  await writeFile(join(dataDir, OWNER_MARKER), '');
  const [first, second] = await distinctFreePorts(2);
  const port = options.port ?? first;
  const ports = { broker: port, controller: second === port ? first : second };
  const propsFile = join(dataDir, 'server.properties');
  const log4jFile = join(dataDir, 'log4j2.properties');
  const logFile = join(dataDir, 'broker.log');
  await writeFile(propsFile, serverProperties(ports, join(dataDir, 'kraft')));
  await writeFile(log4jFile, log4jProperties());
  const javaBase = ['-cp', jars.classpath, `-Dlog4j2.configurationFile=${log4jFile}`];

  const format = await runCommand(javaCommand(), [
    '-Xmx256m',
    ...javaBase,
    'kafka.tools.StorageTool',
    'format',
    // '=' form: an id may start with '-', which the tool would read as an option.
    `--cluster-id=${newClusterId()}`,
    '--config',
    propsFile,
  ]);
  if (format.code !== 0) {
    await rm(dataDir, { recursive: true, force: true });
    throw new Error(`formatting Kafka storage failed (exit ${format.code}):\n${format.tail}`);
  }

  const brokers = `${HOST}:${ports.broker}`;
  const startBroker = async () => {
    const out = openSync(logFile, 'a');
    const child = spawn(javaCommand(), [...JVM_OPTIONS, ...javaBase, 'kafka.Kafka', propsFile], {
      detached: Boolean(options.detached),
      stdio: ['ignore', out, out],
    });
    closeSync(out);
    let exited: string | undefined;
    child.on('exit', (code, signal) => (exited = `exited (${signal ?? `code ${code}`})`));
    child.on('error', (error) => (exited = `failed to start: ${error.message}`));
    // A test runner that dies must not leave an orphaned broker behind.
    const killWithUs = () => child.kill('SIGKILL');
    if (!options.detached) process.on('exit', killWithUs);
    try {
      await waitForBroker(HOST, ports.broker, options.startTimeoutMs ?? 90_000, () =>
        exited ? `the Kafka broker ${exited} before it was ready` : undefined,
      );
    } catch (error) {
      process.off('exit', killWithUs);
      if (child.pid) await terminate(child.pid);
      const explanation = await explainLog(logFile, 'the broker log');
      await rm(dataDir, { recursive: true, force: true });
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`${reason}\n${explanation}`);
    }
    if (options.detached) child.unref();
    return { pid: child.pid as number, killWithUs };
  };
  let broker = await startBroker();
  log(
    `Kafka ${jars.version} ready on ${brokers} in ${Date.now() - started} ms (pid ${broker.pid})`,
  );

  let stopping: Promise<void> | undefined;
  return {
    brokers,
    get pid() {
      return broker.pid;
    },
    dataDir,
    logFile,
    version: jars.version,
    stop: () => {
      process.off('exit', broker.killWithUs);
      stopping ??= stopLocalKafkaProcess(broker.pid, dataDir);
      return stopping;
    },
    restart: async () => {
      process.off('exit', broker.killWithUs);
      await terminate(broker.pid);
      broker = await startBroker();
    },
  };
}
