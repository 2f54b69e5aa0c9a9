import { join, relative } from 'node:path';
import { startService } from '@warranty/platform/start-service';
import { ProjectionsApiModule } from '../../projections/src/api/projections-api.module';
import { ClaimsModule } from '../../claims/src/claims.module';
import { RegistrationModule } from '../../registration/src/registration.module';
import { seedDemoTenants } from './demo-tenants';
import { DevKeysReadinessModule, StartupGate } from './dev-keys-readiness';

const KEYS_FILE = join(
  process.env.WARRANTY_DATA_DIR ?? join(process.cwd(), '.data'),
  'dev-keys.json',
);

const keysWritten = new StartupGate();

/** Every service in one process on one port, on the embedded PostgreSQL, reading the store's own feed. */
startService(
  'Warranty platform (all services)',
  (databaseUrl) => [
    RegistrationModule,
    ClaimsModule,
    ProjectionsApiModule.forRoot(databaseUrl),
    DevKeysReadinessModule.until(keysWritten, KEYS_FILE),
  ],
  async (app) => {
    const seeded = await seedDemoTenants(app, KEYS_FILE);
    keysWritten.open();
    if (seeded)
      process.stdout.write(
        `Demo tenants created; their API keys are in ${relative(process.cwd(), KEYS_FILE)}\n`,
      );
  },
)
  .then(({ url }) => {
    process.stdout.write(
      `\nWarranty platform running on ${url}\n  API docs: ${url}/docs  (OpenAPI: ${url}/openapi.json)\n  API keys: ${relative(process.cwd(), KEYS_FILE)}\n`,
    );
  })
  .catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
