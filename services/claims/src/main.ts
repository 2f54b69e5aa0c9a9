import { exitOnStartFailure, startService } from '@warranty/platform/start-service';
import { ClaimsModule } from './claims.module';

startService('Warranty claims', () => [ClaimsModule])
  .then(({ url }) => process.stdout.write(`Claims service on ${url} (docs: ${url}/docs)\n`))
  .catch(exitOnStartFailure);
