import { exitOnStartFailure, startService } from '@warranty/platform/start-service';
import { SlaModule } from './sla.module';

startService('SLA tracking', (databaseUrl) => [SlaModule.forRoot(databaseUrl)])
  .then(({ url }) => process.stdout.write(`SLA service on ${url} (docs: ${url}/docs)\n`))
  .catch(exitOnStartFailure);
