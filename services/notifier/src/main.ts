import { exitOnStartFailure, startService } from '@warranty/platform/start-service';
import { NotifierModule } from './notifier.module';

startService('Webhook notifier', (databaseUrl) => [NotifierModule.forRoot(databaseUrl)])
  .then(({ url }) => process.stdout.write(`Webhook notifier on ${url} (docs: ${url}/docs)\n`))
  .catch(exitOnStartFailure);
