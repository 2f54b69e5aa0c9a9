import { join, relative } from 'node:path';
import { loadConfiguration } from '@warranty/config';
import { exitOnStartFailure, startService } from '@warranty/platform/start-service';
import { ProjectionsApiModule } from '../../projections/src/api/projections-api.module';
import { ClaimsModule } from '../../claims/src/claims.module';
import { RegistrationModule } from '../../registration/src/registration.module';
import { RepairsModule } from '../../repairs/src/repairs.module';
import { ReturnsModule } from '../../returns/src/returns.module';
import { SlaModule } from '../../sla/src/sla.module';
import { WorkflowModule } from '../../workflow/src/workflow.module';
import { AuditModule } from '../../audit/src/audit.module';
import { NotifierModule } from '../../notifier/src/notifier.module';
import { SettlementModule } from '../../settlement/src/settlement.module';
import { seedDemoTenants } from './demo-tenants';
import { DevKeysReadinessModule, StartupGate } from './dev-keys-readiness';

const keysFile = (dataDir: string) => join(dataDir, 'dev-keys.json');

const keysWritten = new StartupGate();

/** Every service in one process on one port, on the embedded PostgreSQL, reading the store's own feed. */
startService(
  'Warranty platform (all services)',
  (databaseUrl) => [
    RegistrationModule,
    ClaimsModule,
    ReturnsModule,
    RepairsModule,
    WorkflowModule.forRoot(),
    AuditModule,
    ProjectionsApiModule.forRoot(databaseUrl),
    SlaModule.forRoot(databaseUrl),
    NotifierModule.forRoot(databaseUrl),
    SettlementModule.forRoot(databaseUrl),
    DevKeysReadinessModule.until(keysWritten, keysFile(loadConfiguration().database.dataDir)),
  ],
  async (app, { database }) => {
    const file = keysFile(database.dataDir);
    const seeded = await seedDemoTenants(app, file);
    keysWritten.open();
    if (seeded)
      process.stdout.write(
        `Demo tenants created; their API keys are in ${relative(process.cwd(), file)}\n`,
      );
  },
)
  .then(({ url, configuration }) => {
    const keys = relative(process.cwd(), keysFile(configuration.database.dataDir));
    process.stdout.write(
      `\nWarranty platform running on ${url}\n  API docs: ${url}/docs  (OpenAPI: ${url}/openapi.json)\n  API keys: ${keys}\n`,
    );
  })
  .catch(exitOnStartFailure);
