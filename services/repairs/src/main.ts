import { exitOnStartFailure, startService } from '@warranty/platform/start-service';
import { RepairsModule } from './repairs.module';

startService('Repair orders', () => [RepairsModule])
  .then(({ url }) => process.stdout.write(`Repairs service on ${url} (docs: ${url}/docs)\n`))
  .catch(exitOnStartFailure);
