import { loadConfiguration } from '@warranty/config';
import { openLocalDatabase } from '@warranty/postgres/local-database';
import {
  createPathRouter,
  freePort,
  SERVICE_NAMES,
  type ServiceOrigins,
  type ServiceProcess,
  startServiceProcess,
} from '@warranty/routing';

/** `npm run start:services`: each service in its own process on one database, a path router on PORT. */
async function main(): Promise<void> {
  const configuration = loadConfiguration();
  const port = configuration.http.port;
  // Opened here, once: the services must not race to start the embedded PostgreSQL themselves.
  const database = await openLocalDatabase(configuration.database, (line) =>
    process.stdout.write(`${line}\n`),
  );
  const services: ServiceProcess[] = [];
  const stop = async () => {
    await Promise.all(services.map((s) => s.stop()));
    await database.release();
  };
  try {
    for (const name of SERVICE_NAMES) {
      const service = await startServiceProcess(name, {
        port: await freePort(),
        // The workflow sends its commands through the router below.
        env: {
          DATABASE_URL: database.url,
          WORKFLOW_COMMANDS_URL: `http://127.0.0.1:${port}`,
          // The case view asks the workflow how far it is, through the router.
          WORKFLOW_URL: `http://127.0.0.1:${port}`,
        },
        onOutput: process.env.SERVICES_LOG
          ? (line) => process.stdout.write(`${line}\n`)
          : undefined,
      });
      services.push(service);
      process.stdout.write(`${name.padEnd(13)} pid ${service.pid}  ${service.url}\n`);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const origins = Object.fromEntries(services.map((s) => [s.name, s.url])) as ServiceOrigins;
  const router = createPathRouter(origins).listen(port, configuration.http.host);
  router.once('listening', () =>
    process.stdout.write(`${'router'.padEnd(13)} pid ${process.pid}  http://localhost:${port}\n`),
  );
  const shutdown = () => {
    router.close();
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
