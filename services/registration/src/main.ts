import { exitOnStartFailure, startService } from '@warranty/platform/start-service';
import { RegistrationModule } from './registration.module';

startService('Product registration', () => [RegistrationModule])
  .then(({ url }) => process.stdout.write(`Registration service on ${url} (docs: ${url}/docs)\n`))
  .catch(exitOnStartFailure);
