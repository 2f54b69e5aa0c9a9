import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { EVENT_STORE, type EventStore } from '@warranty/event-store';
import { eventually } from '@warranty/testing';
import { startServiceUnderTest, type ServiceUnderTest } from '@warranty/testing/service-app';
import { ClaimsModule } from '../../claims/src/claims.module';
import { RegistrationModule } from '../../registration/src/registration.module';
import { ReturnsModule } from '../../returns/src/returns.module';
import { WorkflowModule } from '../../workflow/src/workflow.module';
import { approvedOnOpenRma } from '../../workflow/test/approved-for-repair';

const run = promisify(execFile);
const ROOT = join(__dirname, '../../..');
const auth = (key: string) => ({ Authorization: `Bearer ${key}` });

describe('npm run cli -- workflow', () => {
  let svc: ServiceUnderTest;
  let url: string;
  let admin: string;
  let maker: string;
  let retailer: string;
  const poison = randomUUID();

  beforeAll(async () => {
    svc = await startServiceUnderTest(() => [
      RegistrationModule,
      ClaimsModule,
      ReturnsModule.withTimers({ poll: false }),
      WorkflowModule.forRoot({
        retry: { attempts: 2, initialDelayMs: 20, maxDelayMs: 50 },
        timers: { poll: false },
      }),
    ]);
    await svc.app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(svc.app.getHttpServer().address() as AddressInfo).port}`;
    admin = await svc.keyFor('platform-ops', 'admin');
    maker = await svc.keyFor('acme-appliances', 'manufacturer');
    retailer = await svc.keyFor('acme-retail', 'retailer');
    // A claim filed with nothing but its id, past the API: its reaction throws, it is parked.
    const claimId = randomUUID();
    await svc.app
      .get<EventStore>(EVENT_STORE)
      .append(
        `claim-${claimId}`,
        [{ id: poison, type: 'ClaimFiled', data: { claimId } }],
        'no_stream',
      );
  }, 120_000);
  afterAll(() => svc?.close());

  const cli = (...args: string[]) =>
    run('node', ['-r', '@swc-node/register', 'services/admin-cli/src/main.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, WARRANTY_URL: url, WARRANTY_ADMIN_KEY: admin },
    });
  const parked = async () =>
    (await svc.http().get('/v1/workflow').set(auth(admin)).expect(200)).body.parked as Array<{
      eventId: string;
      streamId: string;
    }>;

  it('lists what is parked, redrives an event once its cause is fixed, and exits 1 when a redrive fails', async () => {
    const { claimId, openRmaId } = await approvedOnOpenRma(svc, { maker, retailer }, 'CLI-OPEN-1');
    const all = await eventually(parked, (p) => p.length === 2, { timeoutMs: 30_000 });
    const approval = all.find((p) => p.streamId === `claim-${claimId}`)!;

    const { stdout } = await cli('workflow', 'parked');
    expect(stdout).toMatch(/^workflow position \d+ {2}parked 2$/m);
    expect(stdout).toContain(`  ${poison} ClaimFiled claim-`);
    expect(stdout).toMatch(/ reaction, 5 attempts, parked \S+: /);
    expect(stdout).toMatch(
      new RegExp(
        `^ {2}${approval.eventId} ClaimApproved claim-${claimId}@\\d+ AuthorizeWarrantyReturn, 1 attempt, parked \\S+: .*409 unit-on-open-rma`,
        'm',
      ),
    );

    await expect(cli('workflow', 'redrive', poison)).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('409 Conflict: The parked event failed again'),
    });
    await expect(cli('workflow', 'redrive', randomUUID())).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('404'),
    });

    await svc
      .http()
      .post(`/v1/rmas/${openRmaId}/cancellation`)
      .set(auth(maker))
      .send({ reason: 'Opened by mistake' })
      .expect(200);
    const done = await cli('workflow', 'redrive', approval.eventId);
    expect(done.stdout).toBe(
      `re-drove ClaimApproved ${approval.eventId} (claim-${claimId}): sent AuthorizeWarrantyReturn\n`,
    );
    expect((await parked()).map((p) => p.eventId)).toEqual([poison]);
    expect((await cli('workflow', 'parked')).stdout).toMatch(/parked 1\n/);
  }, 120_000);
});
