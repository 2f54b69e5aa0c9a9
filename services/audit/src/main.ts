import { exitOnStartFailure, startService } from '@warranty/platform/start-service';
import { AuditModule } from './audit.module';

startService('Audit', () => [AuditModule])
  .then(({ url }) => process.stdout.write(`Audit service on ${url} (docs: ${url}/docs)\n`))
  .catch(exitOnStartFailure);
