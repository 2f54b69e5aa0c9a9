export {
  startLocalKafka,
  stopLocalKafkaProcess,
  localKafkaUnavailableReason,
  type LocalKafka,
  type LocalKafkaOptions,
} from './local-kafka';
export { javaAvailable } from './java';
export { kafkaJarsCached, dataRoot } from './kafka-jars';
export { canConnect } from './ports';
export { looksLikeKafka } from './processes';
