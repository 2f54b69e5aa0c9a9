import { startService } from '@warranty/platform/start-service';
import { ClaimsModule } from './claims.module';

startService('Warranty claims', () => [ClaimsModule])
  .then(({ url }) => process.stdout.write(`Claims service on ${url} (docs: ${url}/docs)\n`))
  .catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
