import { startServiceUnderTest, type ServiceUnderTest } from '@warranty/testing/service-app';
import { DevKeysReadinessModule, StartupGate } from '../src/dev-keys-readiness';

describe('All-in-one readiness waits for the demo keys file', () => {
  let svc: ServiceUnderTest;
  const gate = new StartupGate();

  beforeAll(async () => {
    svc = await startServiceUnderTest(() => [
      DevKeysReadinessModule.until(gate, '.data/dev-keys.json'),
    ]);
  });
  afterAll(() => svc?.close());

  it('answers 503 until the keys are written, then ready; liveness is up throughout', async () => {
    const before = await svc.http().get('/health/ready').expect(503);
    expect(before.body).toMatchObject({
      status: 'error',
      details: {
        postgres: { status: 'up' },
        devKeys: { status: 'down', message: expect.stringContaining('.data/dev-keys.json') },
      },
    });
    await svc.http().get('/health/live').expect(200);

    gate.open();
    const after = await svc.http().get('/health/ready').expect(200);
    expect(after.body).toEqual({
      status: 'ok',
      details: { postgres: { status: 'up' }, devKeys: { status: 'up' } },
    });
  });
});
