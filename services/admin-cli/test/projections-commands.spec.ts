import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { EVENT_STORE, type EventStore } from '@warranty/event-store';
import { ProjectionRunner } from '@warranty/read-models';
import { waitUntil } from '@warranty/testing';
import { startServiceUnderTest, type ServiceUnderTest } from '@warranty/testing/service-app';
import { NotifierModule } from '../../notifier/src/notifier.module';
import { ProjectionsApiModule } from '../../projections/src/api/projections-api.module';
import { SettlementModule } from '../../settlement/src/settlement.module';
import { SlaModule } from '../../sla/src/sla.module';

const run = promisify(execFile);
const ROOT = join(__dirname, '../../..');

describe('npm run cli -- projections', () => {
  let svc: ServiceUnderTest;
  let url: string;
  let key: string;

  beforeAll(async () => {
    // As in the all-in-one: four services with read models, each with its own admin path.
    svc = await startServiceUnderTest((databaseUrl) => [
      ProjectionsApiModule.forRoot(databaseUrl),
      SlaModule.forRoot(databaseUrl, { timers: { poll: false } }),
      NotifierModule.forRoot(databaseUrl),
      SettlementModule.forRoot(databaseUrl),
    ]);
    await svc.app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(svc.app.getHttpServer().address() as AddressInfo).port}`;
    key = await svc.keyFor('platform-ops', 'admin');
    // A date PostgreSQL refuses, written past the API: the unit-coverage projection parks it.
    const store = svc.app.get<EventStore>(EVENT_STORE);
    await store.append(
      'product-acme~CLI1',
      [{ type: 'ProductRegistered', data: { purchaseDate: '0000-01-01', coverageStart: 'x' } }],
      'no_stream',
    );
    const runner = svc.app.get(ProjectionRunner);
    await waitUntil(async () => (await runner.parkedCount()) === 1, { timeoutMs: 30_000 });
  });
  afterAll(() => svc?.close());

  const cli = (...args: string[]) =>
    run('node', ['-r', '@swc-node/register', 'services/admin-cli/src/main.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, WARRANTY_URL: url, WARRANTY_ADMIN_KEY: key },
    });

  it('lists projections with the parked stream, and a failed re-drive exits 1 with the error', async () => {
    const { stdout } = await cli('projections', 'list');
    expect(stdout).toMatch(/^unit-coverage\s+position \d+\s+lag \S+\s+parked 1$/m);
    expect(stdout).toMatch(/^sla-timers\s+position \S+\s+lag \S+\s+parked 0$/m);
    expect(stdout).toMatch(/^settlement-payables\s+position \S+\s+lag \S+\s+parked 0$/m);
    expect(stdout).toMatch(/^webhook-outbox\s+.*parked 0 {2}\(not rebuildable\)$/m);
    expect(stdout).toMatch(
      /^ {2}product-acme~CLI1@0 ProductRegistered since .*, 5 attempts, 0 held behind: /m,
    );

    await expect(
      cli('projections', 'redrive', 'unit-coverage', 'product-acme~CLI1'),
    ).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('409'),
    });
    await expect(
      cli('projections', 'redrive', 'unit-coverage', 'product-acme~NONE'),
    ).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('404'),
    });
  }, 60_000);

  it('rebuilds a projection with progress on stderr, refuses while another rebuild holds it, and fails without a swap on a poison event', async () => {
    const other = new Client({ connectionString: svc.database.url });
    await other.connect();
    try {
      await other.query(`SELECT pg_advisory_lock(hashtext('projection-rebuild:claim-status'))`);
      await expect(cli('projections', 'rebuild', 'claim-status')).rejects.toMatchObject({
        code: 1,
        stderr: expect.stringContaining('409'),
      });
    } finally {
      await other.end();
    }

    const { stdout, stderr } = await cli('projections', 'rebuild', 'claim-status');
    expect(stdout).toMatch(/^rebuilt claim-status: \d+ events in [\d.]+ s \(\d+ events\/s\)/m);
    expect(stderr).toMatch(/\[#{30}\] 100% \d+ events \d+ events\/s ETA/);

    // The poison event that parked unit-coverage stops its rebuild; the live tables stay.
    await expect(cli('projections', 'rebuild', 'unit-coverage')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('product-acme~CLI1@0 (ProductRegistered) failed'),
    });
    expect(await svc.app.get(ProjectionRunner).parkedCount()).toBe(1);

    // Another service's read model, found by its name; one that acts outside its tables is refused.
    const settlement = await cli('projections', 'rebuild', 'settlement-payables');
    expect(settlement.stdout).toMatch(/^rebuilt settlement-payables: \d+ events/m);
    await expect(cli('projections', 'rebuild', 'webhook-outbox')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('409'),
    });
    await expect(cli('projections', 'rebuild', 'nope')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('No projection nope'),
    });

    const unknown = await fetch(new URL('/v1/admin/projections/nope/rebuild', url), {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}` },
    });
    expect(unknown.status).toBe(404);
  }, 120_000);
});
