import type { Pool } from 'pg';
import { EVENT_STORE, type EventStore } from '@warranty/event-store';
import { PG_POOL } from '@warranty/platform/database';
import { eventually, feedsUnderTest, kafkaSkipReason } from '@warranty/testing';
import { startServiceUnderTest, type ServiceUnderTest } from '@warranty/testing/service-app';
import { ClaimsModule } from '../../../claims/src/claims.module';
import { RegistrationModule } from '../../../registration/src/registration.module';
import { ReturnsModule } from '../../../returns/src/returns.module';
import { CaseChangedError } from '../../src/adapters/workflow-book';
import { MAX_EVENT_ATTEMPTS } from '../../src/reactions/event-attempts';
import { FulfilmentReactor } from '../../src/reactions/fulfilment.reactor';
import { WorkflowModule } from '../../src/workflow.module';
import { approvedForRepair, approvedOnOpenRma } from '../approved-for-repair';

const auth = (key: string) => ({ Authorization: `Bearer ${key}` });

interface Parked {
  eventId: string;
  eventType: string | null;
  commandType: string;
  streamId: string;
  position: string;
  attempts: number;
  error: string;
  parkedAt: string;
  lastFailedAt: string;
}

describe.each(feedsUnderTest())('redriving what the workflow parked (%s feed)', (feed) => {
  let svc: ServiceUnderTest;
  let maker: string;
  let retailer: string;
  let admin: string;

  beforeAll(async () => {
    svc = await startServiceUnderTest(
      () => [
        RegistrationModule,
        ClaimsModule,
        ReturnsModule.withTimers({ poll: false }),
        WorkflowModule.forRoot({
          retry: { attempts: 3, initialDelayMs: 20, maxDelayMs: 50 },
          timers: { poll: false },
          maxLagMs: 60_000,
        }),
      ],
      { feed },
    );
    await svc.app.listen(0, '127.0.0.1');
    maker = await svc.keyFor('acme-appliances', 'manufacturer');
    retailer = await svc.keyFor('acme-retail', 'retailer');
    admin = await svc.keyFor('platform-ops', 'admin');
  }, 120_000);
  afterAll(() => svc?.close());

  const parked = async (): Promise<Parked[]> =>
    (await svc.http().get('/v1/workflow').set(auth(admin)).expect(200)).body.parked;
  const parkedFor = (claimId: string, commandType: string) =>
    eventually(parked, (all) =>
      all.some((p) => p.streamId === `claim-${claimId}` && p.commandType === commandType),
    ).then((all) => all.find((p) => p.streamId === `claim-${claimId}`)!);
  const redrive = (eventId: string, key?: string) => {
    const post = svc.http().post(`/v1/workflow/parked/${eventId}/redrive`);
    return key ? post.set(auth(key)) : post;
  };
  const claim = (claimId: string) =>
    eventually(
      async () => (await svc.http().get(`/v1/claims/${claimId}`).set(auth(maker)).expect(200)).body,
      (c: { state: string }) => c.state === 'in_fulfilment',
      { timeoutMs: 30_000 },
    ) as Promise<{ state: string; fulfilment: { rmaId: string } }>;
  const authorizations = async (rmaId: string) =>
    (await svc.app.get<EventStore>(EVENT_STORE).readStream(`rma-${rmaId}`)).filter(
      (e) => e.type === 'RmaAuthorized',
    ).length;
  const ready = async () => (await svc.http().get('/health/ready').expect(200)).body;

  it('a refused command: parked, refused again while the cause stands, sent once it is fixed', async () => {
    const { claimId, openRmaId } = await approvedOnOpenRma(
      svc,
      { maker, retailer },
      `OPEN-${feed}`,
    );
    const entry = await parkedFor(claimId, 'AuthorizeWarrantyReturn');
    expect(entry).toEqual({
      eventId: expect.any(String),
      eventType: 'ClaimApproved',
      commandType: 'AuthorizeWarrantyReturn',
      streamId: `claim-${claimId}`,
      position: expect.stringMatching(/^\d+$/),
      attempts: 1,
      error: expect.stringContaining('409 unit-on-open-rma'),
      parkedAt: expect.any(String),
      lastFailedAt: entry.parkedAt,
    });
    expect(await ready()).toMatchObject({
      status: 'degraded',
      details: { workflow: { status: 'degraded', parked: 1 } },
    });

    // Admins only: another role is refused, no key is unauthenticated.
    expect((await redrive(entry.eventId, maker).expect(403)).body.type).toMatch(/forbidden-role$/);
    await redrive(entry.eventId, retailer).expect(403);
    await redrive(entry.eventId).expect(401);

    // The cause stands: refused again, still parked, with the new try counted.
    const again = await redrive(entry.eventId, admin).expect(409);
    expect(again.body).toMatchObject({
      type: expect.stringMatching(/\/problems\/redrive-failed$/),
      detail: expect.stringContaining('unit-on-open-rma'),
      parked: [
        {
          eventId: entry.eventId,
          commandType: 'AuthorizeWarrantyReturn',
          attempts: 2,
          error: expect.stringContaining('409 unit-on-open-rma'),
          parkedAt: entry.parkedAt,
        },
      ],
    });
    expect((await parked()).filter((p) => p.eventId === entry.eventId)).toEqual(again.body.parked);

    // The fix: the RMA opened by hand was a mistake. Two operators redrive at once: one does it,
    // the other is told another redrive runs, or that nothing is parked any more.
    await svc
      .http()
      .post(`/v1/rmas/${openRmaId}/cancellation`)
      .set(auth(maker))
      .send({ reason: 'Opened by mistake' })
      .expect(200);
    const other = await svc.keyFor('platform-ops', 'admin');
    const answers = await Promise.all([
      redrive(entry.eventId, admin),
      redrive(entry.eventId, other),
    ]);
    const [done, late] = answers.sort((a, b) => a.status - b.status);
    expect(done.status).toBe(200);
    expect(done.body).toEqual({
      eventId: entry.eventId,
      eventType: 'ClaimApproved',
      streamId: `claim-${claimId}`,
      position: entry.position,
      sent: ['AuthorizeWarrantyReturn'],
    });
    expect([404, 409]).toContain(late.status);
    expect(late.body.type).toMatch(/\/problems\/(event-not-parked|redrive-running)$/);

    const moved = await claim(claimId);
    expect(moved.fulfilment.rmaId).not.toBe(openRmaId);
    expect(await authorizations(moved.fulfilment.rmaId)).toBe(1);
    expect((await redrive(entry.eventId, admin).expect(404)).body.type).toMatch(
      /\/problems\/event-not-parked$/,
    );
    expect((await parked()).map((p) => p.eventId)).not.toContain(entry.eventId);
    await eventually(ready, (r: { status: string }) => r.status === 'ok');
    expect((await ready()).details.workflow).toMatchObject({ status: 'up', parked: 0 });
  });

  it('an event that failed 5 times: its command went through once, the redrive records the case', async () => {
    const pool = svc.app.get<Pool>(PG_POOL);
    const serialNumber = `WRITE-${feed}`.toUpperCase();
    // A fault of the workflow's own database: its write of this claim's approval is refused.
    await pool.query(`
      CREATE FUNCTION workflow.refuse_approval() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.state->>'serialNumber' = '${serialNumber}' AND NEW.state->>'resolution' IS NOT NULL THEN
          RAISE EXCEPTION 'the case store refuses the approval';
        END IF;
        RETURN NEW;
      END $$`);
    await pool.query(`CREATE TRIGGER refuse_approval BEFORE INSERT OR UPDATE ON workflow.cases
      FOR EACH ROW EXECUTE FUNCTION workflow.refuse_approval()`);
    const claimId = await approvedForRepair(svc, { maker, retailer }, serialNumber);

    const entry = await parkedFor(claimId, 'reaction');
    expect(entry).toMatchObject({
      eventType: 'ClaimApproved',
      attempts: 5,
      error: expect.stringContaining('the case store refuses the approval'),
    });
    // Each attempt sent the same command with the same Idempotency-Key: one RMA, in fulfilment.
    const { fulfilment } = await claim(claimId);
    expect(await authorizations(fulfilment.rmaId)).toBe(1);
    await redrive(entry.eventId, admin).expect(409);

    await pool.query('DROP TRIGGER refuse_approval ON workflow.cases');
    const written = await svc.lastWritten();
    const { body } = await redrive(entry.eventId, admin).expect(200);
    expect(body.sent).toEqual(['AuthorizeWarrantyReturn']);
    // Answered again, written once: nothing new in the log.
    expect(await svc.lastWritten()).toBe(written);
    // The approval recorded on the case the RmaAuthorized reaction left: neither change lost.
    expect(await svc.app.get(FulfilmentReactor).book.caseFor({ claimId })).toMatchObject({
      resolution: 'repair',
      rmaId: fulfilment.rmaId,
    });
    expect((await parked()).map((p) => p.eventId)).not.toContain(entry.eventId);
    await eventually(ready, (r: { status: string }) => r.status === 'ok');
  });

  it('documents the redrive for admins, with its problems', async () => {
    const { body } = await svc.http().get('/openapi.json').expect(200);
    const operation = body.paths['/v1/workflow/parked/{eventId}/redrive'].post;
    expect(operation.description).toContain('Roles: admin.');
    expect(Object.keys(operation.responses)).toEqual(
      expect.arrayContaining(['200', '400', '401', '403', '404', '409']),
    );
    for (const code of ['event-not-parked', 'redrive-failed', 'redrive-running'])
      await svc.http().get(`/problems/${code}`).expect(200);
    await redrive('not-an-event-id', admin).expect(400);
  });

  if (feed === 'store')
    it('a live run that finds its case changed by a redrive runs again, never parks for it', async () => {
      const reactor = svc.app.get(FulfilmentReactor);
      const handled = reactor.book.handled.bind(reactor.book);
      let lost = 0;
      // As many races lost in a row as the attempts that park an event.
      const spy = jest.spyOn(reactor.book, 'handled').mockImplementation(async (event, run) => {
        if (event.type === 'ClaimApproved' && lost < MAX_EVENT_ATTEMPTS) {
          lost++;
          throw new CaseChangedError(String(event.data.claimId));
        }
        return handled(event, run);
      });
      try {
        const claimId = await approvedForRepair(svc, { maker, retailer }, 'RACE-1');
        await claim(claimId);
        expect(lost).toBe(MAX_EVENT_ATTEMPTS);
        expect((await parked()).map((p) => p.streamId)).not.toContain(`claim-${claimId}`);
      } finally {
        spy.mockRestore();
      }
    }, 60_000);
});

if (kafkaSkipReason()) {
  it.skip(`redriving on the Kafka feed: ${kafkaSkipReason()}`, () => undefined);
}
