import { exitOnStartFailure, startService } from '@warranty/platform/start-service';
import { SettlementModule } from './settlement.module';

startService('Settlement', (databaseUrl) => [SettlementModule.forRoot(databaseUrl)])
  .then(({ url }) => process.stdout.write(`Settlement service on ${url} (docs: ${url}/docs)\n`))
  .catch(exitOnStartFailure);
