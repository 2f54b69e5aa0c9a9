import { startService } from '@warranty/platform/start-service';
import { ProjectionsApiModule } from './api/projections-api.module';

startService('Read models and queries', (databaseUrl) => [
  ProjectionsApiModule.forRoot(databaseUrl),
])
  .then(({ url }) => process.stdout.write(`Projections service on ${url} (docs: ${url}/docs)\n`))
  .catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
