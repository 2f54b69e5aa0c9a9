export interface EventStoreDbAvailability {
  connectionString?: string;
  stop?: () => Promise<void>;
  skipReason?: string;
}

const IMAGE = process.env.EVENTSTORE_IMAGE ?? 'eventstore/eventstore:24.10';

/** An EventStoreDB server from EVENTSTORE_CONNECTION_STRING, else from testcontainers if a Docker engine answers. */
export async function detectEventStoreDb(): Promise<EventStoreDbAvailability> {
  if (process.env.EVENTSTORE_CONNECTION_STRING) {
    return { connectionString: process.env.EVENTSTORE_CONNECTION_STRING };
  }
  let runtimeError: string;
  try {
    const { getContainerRuntimeClient, GenericContainer, Wait } = await import('testcontainers');
    await getContainerRuntimeClient();
    const container = await new GenericContainer(IMAGE)
      .withEnvironment({
        EVENTSTORE_INSECURE: 'true',
        EVENTSTORE_RUN_PROJECTIONS: 'None',
        EVENTSTORE_MEM_DB: 'true',
      })
      .withExposedPorts(2113)
      .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCode(204))
      .start();
    return {
      connectionString: `esdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`,
      stop: async () => {
        await container.stop();
      },
    };
  } catch (error) {
    runtimeError = error instanceof Error ? error.message.split('\n')[0] : String(error);
  }
  return {
    skipReason: `EVENTSTORE_CONNECTION_STRING is unset and no Docker engine answered for testcontainers (${runtimeError})`,
  };
}
