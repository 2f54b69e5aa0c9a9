import { eventually } from '@warranty/testing';
import { startServiceUnderTest, type ServiceUnderTest } from '@warranty/testing/service-app';
import { ClaimsModule } from '../../../claims/src/claims.module';
import { RegistrationModule } from '../../../registration/src/registration.module';
import { WorkflowModule } from '../../src/workflow.module';
import { approvedForRepair } from '../approved-for-repair';

const auth = (key: string) => ({ Authorization: `Bearer ${key}` });

/** No returns service behind the workflow: its RMA command answers 404, a refusal it parks. */
describe('readiness, progress and the workflow’s parked commands', () => {
  let svc: ServiceUnderTest;

  beforeAll(async () => {
    svc = await startServiceUnderTest(() => [
      RegistrationModule,
      ClaimsModule,
      WorkflowModule.forRoot({
        retry: { attempts: 2, initialDelayMs: 10, maxDelayMs: 20 },
        timers: { poll: false },
      }),
    ]);
    await svc.app.listen(0, '127.0.0.1');
  }, 120_000);
  afterAll(() => svc?.close());

  it('is ok with nothing parked, degraded (still 200) once the workflow parked a command', async () => {
    const ready = async () => (await svc.http().get('/health/ready').expect(200)).body;
    expect(await ready()).toMatchObject({
      status: 'ok',
      details: { workflow: { status: 'up', parked: 0 } },
    });

    const maker = await svc.keyFor('acme-appliances', 'manufacturer');
    const retailer = await svc.keyFor('acme-retail', 'retailer');
    const admin = await svc.keyFor('platform-ops', 'admin');
    await approvedForRepair(svc, { maker, retailer }, 'PARK-1');

    await eventually(
      async () => (await svc.http().get('/v1/workflow').set(auth(admin)).expect(200)).body.parked,
      (parked: unknown[]) => parked.length === 1,
    );
    expect(await ready()).toMatchObject({
      status: 'degraded',
      details: { workflow: { status: 'degraded', parked: 1 } },
    });
  });

  it('tells anyone how far it is, without a key; a position that is not one is a 400', async () => {
    const { body } = await svc.http().get('/v1/workflow/progress?after=0&waitMs=500').expect(200);
    expect(body).toMatchObject({ caughtUp: true, reached: null });
    await svc.http().get('/v1/workflow/progress?after=abc').expect(400);
    await svc.http().get('/v1/workflow/progress?after=1&waitMs=60000').expect(400);
  });
});
