import { randomUUID } from 'node:crypto';
import { EVENT_STORE, type EventStore } from '@warranty/event-store';
import { eventually, feedsUnderTest, kafkaSkipReason } from '@warranty/testing';
import { startServiceUnderTest, type ServiceUnderTest } from '@warranty/testing/service-app';
import { ClaimsModule } from '../../../claims/src/claims.module';
import { RegistrationModule } from '../../../registration/src/registration.module';
import { ReturnsModule } from '../../../returns/src/returns.module';
import { WorkflowModule } from '../../src/workflow.module';
import { approvedForRepair } from '../approved-for-repair';

const auth = (key: string) => ({ Authorization: `Bearer ${key}` });

describe.each(feedsUnderTest())('an event the workflow cannot handle (%s feed)', (feed) => {
  let svc: ServiceUnderTest;

  beforeAll(async () => {
    svc = await startServiceUnderTest(
      () => [
        RegistrationModule,
        ClaimsModule,
        ReturnsModule.withTimers({ poll: false }),
        WorkflowModule.forRoot({
          retry: { attempts: 3, initialDelayMs: 50, maxDelayMs: 200 },
          timers: { poll: false },
        }),
      ],
      { feed },
    );
    await svc.app.listen(0, '127.0.0.1');
  }, 120_000);
  afterAll(() => svc?.close());

  it('is parked after a few attempts, shown to operators, and the approvals behind it get their RMA', async () => {
    const maker = await svc.keyFor('acme-appliances', 'manufacturer');
    const retailer = await svc.keyFor('acme-retail', 'retailer');
    const admin = await svc.keyFor('platform-ops', 'admin');
    // Filed with nothing but its id: decoded, then no reaction can be computed for it.
    const [badClaim, badEvent] = [randomUUID(), randomUUID()];
    await svc.app
      .get<EventStore>(EVENT_STORE)
      .append(
        `claim-${badClaim}`,
        [{ id: badEvent, type: 'ClaimFiled', data: { claimId: badClaim } }],
        'no_stream',
      );

    const claimId = await approvedForRepair(svc, { maker, retailer }, 'POISON-1');

    const claim = await eventually(
      async () => (await svc.http().get(`/v1/claims/${claimId}`).set(auth(maker)).expect(200)).body,
      (c: { state: string; fulfilment: { rmaId: string } }) => c.state === 'in_fulfilment',
      { timeoutMs: 30_000 },
    );
    expect(claim.fulfilment.rmaId).toEqual(expect.any(String));
    const { body: workflow } = await svc.http().get('/v1/workflow').set(auth(admin)).expect(200);
    expect(workflow.parked).toEqual([
      {
        eventId: badEvent,
        commandType: 'reaction',
        streamId: `claim-${badClaim}`,
        error: expect.any(String),
      },
    ]);
    const { body: ready } = await svc.http().get('/health/ready').expect(200);
    expect(ready).toMatchObject({
      status: 'degraded',
      details: { workflow: { status: 'degraded', parked: 1 } },
    });
  });
});

if (kafkaSkipReason()) {
  it.skip(`the unhandled event on the Kafka feed: ${kafkaSkipReason()}`, () => undefined);
}
