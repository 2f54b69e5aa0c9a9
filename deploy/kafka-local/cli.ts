import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadConfiguration } from '../../libs/config/src';
import {
  canConnect,
  dataRoot,
  looksLikeKafka,
  startLocalKafka,
  stopLocalKafkaProcess,
} from '../../libs/messaging/src/local-broker';

interface BrokerState {
  pid: number;
  brokers: string;
  dataDir: string;
  logFile: string;
  version: string;
}

const kafkaDir = join(dataRoot(), 'kafka');
const stateFile = join(kafkaDir, 'broker.json');

function readState(): BrokerState | undefined {
  if (!existsSync(stateFile)) return undefined;
  return JSON.parse(readFileSync(stateFile, 'utf8')) as BrokerState;
}

async function start(): Promise<void> {
  const running = readState();
  if (running && looksLikeKafka(running.pid)) {
    const [host, port] = running.brokers.split(':');
    const answering = await canConnect(host, Number(port));
    console.log(
      `Kafka is already running at ${running.brokers} (pid ${running.pid}${answering ? '' : ', not answering yet'})`,
    );
    return;
  }
  const started = await startLocalKafka({
    dataDir: join(kafkaDir, 'dev'),
    port: loadConfiguration().kafka.localPort,
    detached: true,
    log: (line) => console.log(line),
  });
  const state: BrokerState = {
    pid: started.pid,
    brokers: started.brokers,
    dataDir: started.dataDir,
    logFile: started.logFile,
    version: started.version,
  };
  await mkdir(kafkaDir, { recursive: true });
  await writeFile(stateFile, JSON.stringify(state, null, 2));
  console.log(`Kafka ${state.version} running at ${state.brokers} (pid ${state.pid})`);
  console.log(`  log: ${state.logFile}`);
  console.log(`  export KAFKA_BROKERS=${state.brokers}`);
}

async function stop(): Promise<void> {
  const running = readState();
  if (!running) {
    console.log('No local Kafka broker recorded; nothing to stop');
    return;
  }
  await stopLocalKafkaProcess(running.pid, running.dataDir);
  await rm(stateFile, { force: true });
  console.log(`Kafka at ${running.brokers} (pid ${running.pid}) stopped`);
}

const commands: Record<string, () => Promise<void>> = { start, stop };
const command = commands[process.argv[2] ?? ''];
if (!command) {
  console.error('usage: cli.ts start|stop');
  process.exit(2);
}
command().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
