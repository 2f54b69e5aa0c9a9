import { exitOnStartFailure, startService } from '@warranty/platform/start-service';
import { WorkflowModule } from './workflow.module';

startService('Fulfilment workflow', () => [WorkflowModule.forRoot()])
  .then(({ url }) => process.stdout.write(`Fulfilment workflow on ${url} (docs: ${url}/docs)\n`))
  .catch(exitOnStartFailure);
