import { createPathRouter, SERVICE_NAMES, type ServiceOrigins } from '@warranty/routing';

/** The path router alone, for docker-compose: REGISTRATION_URL, CLAIMS_URL, RETURNS_URL, REPAIRS_URL, PROJECTIONS_URL, WORKFLOW_URL, AUDIT_URL, SLA_URL, NOTIFIER_URL, SETTLEMENT_URL, PORT. */
const origins = Object.fromEntries(
  SERVICE_NAMES.map((name) => {
    const url = process.env[`${name.toUpperCase()}_URL`];
    if (!url) throw new Error(`${name.toUpperCase()}_URL is unset`);
    return [name, url];
  }),
) as ServiceOrigins;
const port = Number(process.env.PORT ?? 3000);
createPathRouter(origins)
  .listen(port, process.env.HOST ?? '127.0.0.1')
  .once('listening', () => process.stdout.write(`Path router on http://localhost:${port}\n`));
