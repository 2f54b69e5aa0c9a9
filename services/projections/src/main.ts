import { exitOnStartFailure, startService } from '@warranty/platform/start-service';
import { ProjectionsApiModule } from './api/projections-api.module';

startService('Read models and queries', (databaseUrl) => [
  ProjectionsApiModule.forRoot(databaseUrl),
])
  .then(({ url }) => process.stdout.write(`Projections service on ${url} (docs: ${url}/docs)\n`))
  .catch(exitOnStartFailure);
