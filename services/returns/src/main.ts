import { exitOnStartFailure, startService } from '@warranty/platform/start-service';
import { ReturnsModule } from './returns.module';

startService('Returns and exchanges', () => [ReturnsModule])
  .then(({ url }) => process.stdout.write(`Returns service on ${url} (docs: ${url}/docs)\n`))
  .catch(exitOnStartFailure);
