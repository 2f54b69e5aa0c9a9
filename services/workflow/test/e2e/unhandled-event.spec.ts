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

  it('is parked after a few attempts, shown to operators, the approvals behind it get their RMA, and a redrive fails again', async () => {
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
        eventType: 'ClaimFiled',
        commandType: 'reaction',
        streamId: `claim-${badClaim}`,
        position: expect.stringMatching(/^\d+$/),
        attempts: 5,
        error: expect.any(String),
        parkedAt: expect.any(String),
        lastFailedAt: expect.any(String),
      },
    ]);
    const ready = async () => (await svc.http().get('/health/ready').expect(200)).body;
    expect(await ready()).toMatchObject({
      status: 'degraded',
      details: { workflow: { status: 'degraded', parked: 1 } },
    });

    // Nothing fixed it: the redrive fails the same way and the event stays parked, one try more.
    const redrive = (eventId: string) =>
      svc.http().post(`/v1/workflow/parked/${eventId}/redrive`).set(auth(admin));
    const { body: failed } = await redrive(badEvent).expect(409);
    expect(failed).toMatchObject({
      type: expect.stringMatching(/\/problems\/redrive-failed$/),
      parked: [{ eventId: badEvent, commandType: 'reaction', attempts: 6 }],
    });
    expect(failed.parked[0].error).toBe(workflow.parked[0].error);
    expect(Date.parse(failed.parked[0].lastFailedAt)).toBeGreaterThan(
      Date.parse(workflow.parked[0].lastFailedAt),
    );
    expect(await ready()).toMatchObject({
      status: 'degraded',
      details: { workflow: { status: 'degraded', parked: 1 } },
    });
    await redrive(randomUUID()).expect(404);
  });
});

if (kafkaSkipReason()) {
  it.skip(`the unhandled event on the Kafka feed: ${kafkaSkipReason()}`, () => undefined);
}
