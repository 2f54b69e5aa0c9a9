import { Webhook } from 'standardwebhooks';
import {
  eventually,
  feedsUnderTest,
  STANDARD_PLAN,
  claimFiling,
  unitRegistration,
} from '@warranty/testing';
import { type ServiceUnderTest, startServiceUnderTest } from '@warranty/testing/service-app';
import type { ProjectionRunner } from '@warranty/read-models';
import { EVENT_STORE, type EventStore } from '@warranty/event-store';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { ClaimsModule } from '../../../claims/src/claims.module';
import { RegistrationModule } from '../../../registration/src/registration.module';
import { NOTIFIER_RUNNER, NotifierModule } from '../../src/notifier.module';
import { WEBHOOK_OUTBOX } from '../../src/projections/webhook-outbox.projection';
import type { WebhookDeliveryView } from '../../src/api/webhook-views';
import type { WebhookMessage } from '../../src/domain/webhook-message';
import { type ReceivedWebhook, WebhookReceiver } from '@warranty/testing';

const as = (key: string) => ({ Authorization: `Bearer ${key}` });
const parsed = (request: ReceivedWebhook) => JSON.parse(request.body) as WebhookMessage;
/** Deliveries are sent several at a time, so they may arrive in any order: sort them by position. */
const byPosition = (requests: ReceivedWebhook[]) =>
  [...requests].sort((a, b) =>
    Number(BigInt(parsed(a).data.position) - BigInt(parsed(b).data.position)),
  );

describe.each(feedsUnderTest())('signed webhooks (%s feed)', (feed) => {
  let svc: ServiceUnderTest;
  let receiver: WebhookReceiver;
  let sql: Pool;
  let maker: string;
  let serial = 0;

  beforeAll(async () => {
    receiver = await new WebhookReceiver().start();
    svc = await startServiceUnderTest(
      (url) => [
        RegistrationModule,
        ClaimsModule,
        NotifierModule.forRoot(url, {
          allowLocalEndpoints: true,
          dispatcher: { pollIntervalMs: 50, retryDelaysMs: [150, 150] },
        }),
      ],
      { feed },
    );
    sql = new Pool({ connectionString: svc.database.url, max: 2 });
    maker = await svc.keyFor('acme-appliances', 'manufacturer');
    await svc.http().post('/v1/warranty-plans').set(as(maker)).send(STANDARD_PLAN).expect(201);
  }, 120_000);

  afterAll(async () => {
    await sql?.end();
    await svc?.close();
    await receiver?.close();
  });

  const subscribe = (key: string, body: object) =>
    svc.http().post('/v1/webhook-subscriptions').set(as(key)).send(body);

  /** A unit sold by this retailer, and a claim filed on it: ProductRegistered, then ClaimFiled. */
  async function saleAndClaim(retailer: string) {
    const serialNumber = `WH-${feed}-${++serial}`;
    const unit = await svc
      .http()
      .post('/v1/products')
      .set(as(retailer))
      .send(unitRegistration(serialNumber))
      .expect(201);
    const claim = await svc
      .http()
      .post('/v1/claims')
      .set(as(retailer))
      .send(claimFiling(serialNumber))
      .expect(201);
    return { productId: unit.body.productId as string, claimId: claim.body.claimId as string };
  }

  /** Until the outbox has queued everything written so far. */
  async function outboxCaughtUp() {
    const runner = svc.app.get<ProjectionRunner>(NOTIFIER_RUNNER);
    expect(await runner.waitFor(WEBHOOK_OUTBOX, await svc.lastWritten(), 30_000)).toBe(true);
  }

  const deliveries = async (key: string, subscriptionId: string, query = '') =>
    (
      await svc
        .http()
        .get(`/v1/webhook-subscriptions/${subscriptionId}/deliveries${query}`)
        .set(as(key))
        .expect(200)
    ).body.items as WebhookDeliveryView[];

  it('refuses a bad subscription with a field error, and writes nothing', async () => {
    const retailer = await svc.keyFor('refused-retail', 'retailer');
    const auditor = await svc.keyFor('audit-partners', 'auditor');
    const cases: Array<[object, string]> = [
      [{}, 'url'],
      [{ url: 'not a url' }, 'url'],
      [{ url: 'http://user:pw@127.0.0.1/x' }, 'url'],
      [{ url: `https://hooks.example.com/${'x'.repeat(2048)}` }, 'url'],
      [{ url: 'https://hooks.example.com/', eventTypes: ['ClaimFiledd'] }, 'eventTypes'],
      [{ url: 'https://hooks.example.com/', eventTypes: [] }, 'eventTypes'],
      [{ url: 'https://hooks.example.com/', eventTypes: 'ClaimFiled' }, 'eventTypes'],
      [
        { url: 'https://hooks.example.com/', eventTypes: ['ClaimFiled', 'ClaimFiled'] },
        'eventTypes',
      ],
      [{ url: 'https://hooks.example.com/', description: 'x'.repeat(201) }, 'description'],
    ];
    for (const [body, field] of cases) {
      const res = await subscribe(retailer, body).expect(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    }
    await subscribe(auditor, { url: 'https://hooks.example.com/' }).expect(403);
    await svc
      .http()
      .post('/v1/webhook-subscriptions')
      .send({ url: 'https://x.example/' })
      .expect(401);
    expect(
      (await sql.query(`SELECT 1 FROM webhook_subscriptions WHERE tenant_id = 'refused-retail'`))
        .rowCount,
    ).toBe(0);
  });

  it("sends every event of a tenant's cases, signed, and nothing of other tenants or from before", async () => {
    const retailer = await svc.keyFor('signed-retail', 'retailer');
    const otherRetailer = await svc.keyFor('other-retail', 'retailer');
    // The outbox lags: it reads these events only after the subscriptions exist.
    const runner = svc.app.get<ProjectionRunner>(NOTIFIER_RUNNER);
    await runner.stop();
    // And a transaction stays open meanwhile, holding back the head that readers may see.
    const open = await sql.connect();
    await open.query('BEGIN');
    await open.query('SELECT pg_current_xact_id()');
    const before = await saleAndClaim(retailer);

    const created = await subscribe(retailer, {
      url: receiver.url('/signed/all'),
      description: 'POS',
    }).expect(201);
    expect(created.headers['cache-control']).toBe('no-store');
    expect(created.headers.location).toBe(
      `/v1/webhook-subscriptions/${created.body.subscriptionId}`,
    );
    expect(created.body).toEqual({
      subscriptionId: expect.any(String),
      url: receiver.url('/signed/all'),
      eventTypes: null,
      description: 'POS',
      state: 'active',
      disabledReason: null,
      afterPosition: expect.stringMatching(/^\d+$/),
      previousSecretExpiresAt: null,
      olderSecretExpiresAt: null,
      consecutiveFailures: 0,
      retryAfter: null,
      createdAt: expect.any(String),
      revision: 0,
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{32}$/),
    });
    const onlyClaims = await subscribe(maker, {
      url: receiver.url('/signed/maker'),
      eventTypes: ['ClaimFiled'],
    }).expect(201);
    const other = await subscribe(otherRetailer, { url: receiver.url('/signed/other') }).expect(
      201,
    );
    await open.query('COMMIT');
    open.release();
    await runner.start();

    const { productId, claimId } = await saleAndClaim(retailer);
    await eventually(
      async () => receiver.at('/signed/all').map((request) => parsed(request).type),
      (types) => types.length >= 2,
    );
    await outboxCaughtUp();
    await eventually(
      async () => receiver.at('/signed/maker').length,
      (count) => count >= 1,
    );

    const all = byPosition(receiver.at('/signed/all'));
    expect(all.map((request) => parsed(request).type)).toEqual(['ProductRegistered', 'ClaimFiled']);
    expect(all.map((request) => parsed(request).data.subject)).toEqual([
      { kind: 'product', id: productId, href: `/v1/products/${encodeURIComponent(productId)}` },
      { kind: 'claim', id: claimId, href: `/v1/claims/${claimId}` },
    ]);
    const subjects = JSON.stringify(all.map((request) => request.body));
    expect(subjects).not.toContain(before.claimId);
    expect(subjects).not.toContain('ada@example.com');
    for (const request of all) {
      const headers = request.headers as Record<string, string>;
      expect(new Webhook(created.body.secret).verify(request.body, headers)).toEqual(
        JSON.parse(request.body),
      );
      expect(headers['content-type']).toBe('application/json');
    }
    expect(() =>
      new Webhook(onlyClaims.body.secret).verify(
        all[0].body,
        all[0].headers as Record<string, string>,
      ),
    ).toThrow();

    const toMaker = receiver.at('/signed/maker');
    expect(toMaker.map((request) => parsed(request).type)).toEqual(['ClaimFiled']);
    expect(receiver.at('/signed/other')).toEqual([]);
    expect(await deliveries(otherRetailer, other.body.subscriptionId)).toEqual([]);

    // The receiver reads the subject back with its own key, as fresh as the message.
    const message = parsed(all[1]);
    await svc.http().get(message.data.subject.href).set(as(retailer)).expect(200);
    await svc.http().get(message.data.subject.href).set(as(otherRetailer)).expect(404);

    // A batch's outcomes are recorded once all of it was sent: just after the receiver has it.
    const listed = await eventually(
      () => deliveries(retailer, created.body.subscriptionId),
      (items) => items.every((delivery) => delivery.status === 'delivered'),
    );
    expect(listed.map((delivery) => delivery.eventType)).toEqual([
      'ClaimFiled',
      'ProductRegistered',
    ]);
    expect(listed[0]).toMatchObject({
      deliveryId: all[1].headers['webhook-id'],
      status: 'delivered',
      attempts: 1,
      lastStatus: 204,
      lastError: null,
      nextAttemptAt: null,
      deliveredAt: expect.any(String),
      message,
    });
    const one = await svc
      .http()
      .get(
        `/v1/webhook-subscriptions/${created.body.subscriptionId}/deliveries/${listed[0].deliveryId}`,
      )
      .set(as(retailer))
      .expect(200);
    expect(one.body).toEqual(listed[0]);
  });

  it('follows a repair order to its new service center, and SLA events to their subject', async () => {
    const fixit = await svc.keyFor('fixit-depot', 'service_center');
    const quickfix = await svc.keyFor('quickfix', 'service_center');
    const retailer = await svc.keyFor('repair-retail', 'retailer');
    for (const [key, path] of [
      [fixit, '/repair/fixit'],
      [quickfix, '/repair/quickfix'],
      [retailer, '/repair/retailer'],
    ])
      await subscribe(key, { url: receiver.url(path) }).expect(201);

    // The repairs and SLA services' events, appended as they write them.
    const store = svc.app.get<EventStore>(EVENT_STORE);
    const orderId = randomUUID();
    const parties = {
      manufacturerId: 'acme-appliances',
      retailerId: 'repair-retail',
      serviceCenterId: 'fixit-depot',
    };
    const event = (type: string, data: Record<string, unknown>) => ({
      type,
      data: { repairOrderId: orderId, ...data },
      metadata: { correlationId: 'corr-repair' },
    });
    await store.append(
      `repair-${orderId}`,
      [
        event('RepairOrderOpened', parties),
        event('TechnicianAssigned', { serviceCenterId: 'fixit-depot', technician: 'Bo' }),
        event('RepairOrderReassigned', {
          fromServiceCenterId: 'fixit-depot',
          toServiceCenterId: 'quickfix',
        }),
        event('TechnicianAssigned', { serviceCenterId: 'quickfix', technician: 'Cy' }),
      ],
      'no_stream',
    );
    await store.append(
      `sla-repair~${orderId}`,
      [
        {
          type: 'SlaBreached',
          data: {
            subject: { kind: 'repair', id: orderId },
            sla: 'turnaround',
            parties: { ...parties, serviceCenterId: 'quickfix', category: null },
          },
        },
      ],
      'no_stream',
    );
    const types = (path: string) =>
      byPosition(receiver.at(path)).map((request) => parsed(request).type);
    await eventually(
      async () => types('/repair/retailer'),
      (received) => received.length === 5,
    );
    await outboxCaughtUp();
    await eventually(
      async () => types('/repair/quickfix').length + types('/repair/fixit').length,
      (count) => count === 6,
    );
    expect(types('/repair/fixit')).toEqual([
      'RepairOrderOpened',
      'TechnicianAssigned',
      'RepairOrderReassigned',
    ]);
    expect(types('/repair/quickfix')).toEqual([
      'RepairOrderReassigned',
      'TechnicianAssigned',
      'SlaBreached',
    ]);
    expect(parsed(byPosition(receiver.at('/repair/quickfix'))[2]).data.subject).toEqual({
      kind: 'repair',
      id: orderId,
      href: `/v1/repair-orders/${orderId}`,
    });
  });

  it('retries a failing endpoint on the schedule, fails for good, and sends again on request', async () => {
    const retailer = await svc.keyFor('flaky-retail', 'retailer');
    const path = '/flaky';
    const created = await subscribe(retailer, {
      url: receiver.url(path),
      eventTypes: ['ProductRegistered'],
    }).expect(201);
    const id = created.body.subscriptionId as string;

    receiver.answer(path, 500, 503);
    await saleAndClaim(retailer);
    const recovered = await eventually(
      () => deliveries(retailer, id),
      (items) => items[0]?.status === 'delivered',
    );
    expect(recovered[0]).toMatchObject({ attempts: 3, lastStatus: 204 });
    const attempts = receiver.at(path);
    expect(attempts.map((request) => request.status)).toEqual([500, 503, 204]);
    expect(new Set(attempts.map((request) => request.headers['webhook-id'])).size).toBe(1);
    expect(new Set(attempts.map((request) => request.body)).size).toBe(1);

    receiver.answer(path, 500, 500, 500);
    await saleAndClaim(retailer);
    const failed = await eventually(
      () => deliveries(retailer, id, '?status=failed'),
      (items) => items.length === 1,
    );
    expect(failed[0]).toMatchObject({
      attempts: 3,
      lastStatus: 500,
      lastError: 'The endpoint answered 500',
      nextAttemptAt: null,
      deliveredAt: null,
    });

    const resent = await svc
      .http()
      .post(`/v1/webhook-subscriptions/${id}/deliveries/${failed[0].deliveryId}/redelivery`)
      .set(as(retailer))
      .expect(200);
    expect(resent.body).toMatchObject({ status: 'pending', attempts: 0 });
    await eventually(
      () => deliveries(retailer, id, '?status=delivered'),
      (items) => items.length === 2,
    );
    expect(receiver.at(path).at(-1)?.headers['webhook-id']).toBe(failed[0].deliveryId);
    await svc
      .http()
      .post(`/v1/webhook-subscriptions/${id}/deliveries/not-a-uuid/redelivery`)
      .set(as(retailer))
      .expect(404);
  });

  it('sends everything that failed again in one request, after an outage outlasted the retries', async () => {
    const retailer = await svc.keyFor('outage-retail', 'retailer');
    const path = '/outage';
    const created = await subscribe(retailer, {
      url: receiver.url(path),
      eventTypes: ['ProductRegistered', 'ClaimFiled'],
    }).expect(201);
    const id = created.body.subscriptionId as string;
    receiver.answer(path, ...Array<number>(6).fill(503));
    await saleAndClaim(retailer);
    await eventually(
      () => deliveries(retailer, id, '?status=failed'),
      (items) => items.length === 2,
    );
    const redeliver = (body: object) =>
      svc.http().post(`/v1/webhook-subscriptions/${id}/redelivery`).set(as(retailer)).send(body);
    await redeliver({ since: 'yesterday' }).expect(400);
    expect((await redeliver({ since: '2199-01-01T00:00:00Z' }).expect(200)).body).toEqual({
      queued: 0,
    });
    expect((await redeliver({}).expect(200)).body).toEqual({ queued: 2 });
    const delivered = await eventually(
      () => deliveries(retailer, id, '?status=delivered'),
      (items) => items.length === 2,
    );
    expect(delivered.map((delivery) => delivery.attempts)).toEqual([1, 1]);
    expect(receiver.at(path).map((request) => request.status)).toEqual([
      ...Array<number>(6).fill(503),
      204,
      204,
    ]);
  });

  it("shows a paused endpoint's queued deliveries due when the subscription lets them go, not before", async () => {
    const retailer = await svc.keyFor('paused-retail', 'retailer');
    const path = '/paused';
    const created = await subscribe(retailer, {
      url: receiver.url(path),
      eventTypes: ['ProductRegistered'],
    }).expect(201);
    const id = created.body.subscriptionId as string;
    // As the dispatcher leaves an endpoint that stopped answering: paused for the next delay.
    await sql.query(
      `UPDATE webhook_subscriptions
          SET consecutive_failures = 4, retry_after = now() + interval '1 hour'
        WHERE subscription_id = $1`,
      [id],
    );
    await saleAndClaim(retailer);
    await outboxCaughtUp();
    const subscription = (
      await svc.http().get(`/v1/webhook-subscriptions/${id}`).set(as(retailer)).expect(200)
    ).body;
    const [queued] = await deliveries(retailer, id);
    expect(queued).toMatchObject({ status: 'pending', attempts: 0 });
    expect(queued.nextAttemptAt).toBe(subscription.retryAfter);
    const one = await svc
      .http()
      .get(`/v1/webhook-subscriptions/${id}/deliveries/${queued.deliveryId}`)
      .set(as(retailer))
      .expect(200);
    expect(one.body.nextAttemptAt).toBe(subscription.retryAfter);
    expect(receiver.at(path)).toEqual([]);

    // Disabled, it waits for an activation: no time is due.
    await svc.http().post(`/v1/webhook-subscriptions/${id}/deactivation`).set(as(retailer));
    expect((await deliveries(retailer, id))[0].nextAttemptAt).toBeNull();
    await svc.http().post(`/v1/webhook-subscriptions/${id}/activation`).set(as(retailer));
    await eventually(
      () => deliveries(retailer, id, '?status=delivered'),
      (items) => items.length === 1,
    );
  });

  it('pings the endpoint at once, signed, and answers with what it answered', async () => {
    const retailer = await svc.keyFor('ping-retail', 'retailer');
    const stranger = await svc.keyFor('ping-stranger', 'retailer');
    const path = '/ping';
    const created = await subscribe(retailer, { url: receiver.url(path) }).expect(201);
    const ping = (key = retailer) =>
      svc.http().post(`/v1/webhook-subscriptions/${created.body.subscriptionId}/ping`).set(as(key));
    const accepted = await ping().expect(200);
    expect(accepted.body).toEqual({
      status: 204,
      ok: true,
      error: null,
      durationMs: expect.any(Number),
    });
    const [request] = receiver.at(path);
    expect(
      new Webhook(created.body.secret).verify(
        request.body,
        request.headers as Record<string, string>,
      ),
    ).toMatchObject({ type: 'WebhookPing' });

    receiver.answer(path, 401);
    expect((await ping().expect(200)).body).toMatchObject({ status: 401, ok: false });
    await ping(stranger).expect(404);
    expect(await deliveries(retailer, created.body.subscriptionId)).toEqual([]);
  });

  it('stops at a 410 Gone until the tenant activates the subscription again', async () => {
    const retailer = await svc.keyFor('gone-retail', 'retailer');
    const path = '/gone';
    const created = await subscribe(retailer, {
      url: receiver.url(path),
      eventTypes: ['ClaimFiled'],
    }).expect(201);
    const id = created.body.subscriptionId as string;
    receiver.answer(path, 410);
    await saleAndClaim(retailer);
    const disabled = await eventually(
      async () =>
        (await svc.http().get(`/v1/webhook-subscriptions/${id}`).set(as(retailer)).expect(200))
          .body,
      (subscription) => subscription.state === 'disabled',
    );
    expect(disabled.disabledReason).toMatch(/410 Gone/);
    expect(disabled.revision).toBe(1);
    const held = await eventually(
      () => deliveries(retailer, id),
      (items) => items[0]?.lastStatus === 410,
    );
    // The 410 was an attempt like any other; nothing is tried until an activation.
    expect(held).toMatchObject([
      { status: 'pending', attempts: 1, lastStatus: 410, nextAttemptAt: null },
    ]);

    // Nothing is queued while it is disabled.
    await saleAndClaim(retailer);
    await outboxCaughtUp();
    expect(await deliveries(retailer, id)).toHaveLength(1);

    await svc
      .http()
      .post(`/v1/webhook-subscriptions/${id}/activation`)
      .set(as(retailer))
      .expect(200);
    const delivered = await eventually(
      () => deliveries(retailer, id, '?status=delivered'),
      (items) => items.length === 1,
    );
    expect(delivered).toMatchObject([{ attempts: 2, lastStatus: 204 }]);
    expect(receiver.at(path).map((request) => request.status)).toEqual([410, 204]);
  });

  it('signs with the old and the new secret for a day after a rotation', async () => {
    const retailer = await svc.keyFor('rotating-retail', 'retailer');
    const path = '/rotating';
    const created = await subscribe(retailer, {
      url: receiver.url(path),
      eventTypes: ['ClaimFiled'],
    }).expect(201);
    const id = created.body.subscriptionId as string;
    const rotated = await svc
      .http()
      .post(`/v1/webhook-subscriptions/${id}/secret-rotation`)
      .set(as(retailer))
      .expect(200);
    expect(rotated.headers['cache-control']).toBe('no-store');
    expect(rotated.body.secret).not.toBe(created.body.secret);
    const expires = Date.parse(rotated.body.previousSecretExpiresAt);
    expect(Math.abs(expires - Date.now() - 86_400_000)).toBeLessThan(60_000);

    await saleAndClaim(retailer);
    const [request] = await eventually(
      async () => receiver.at(path),
      (requests) => requests.length === 1,
    );
    const headers = request.headers as Record<string, string>;
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    for (const secret of [created.body.secret, rotated.body.secret])
      expect(new Webhook(secret).verify(request.body, headers)).toMatchObject({
        type: 'ClaimFiled',
      });
  });

  it('rotates once per Idempotency-Key: a retry answers 409 and rotates nothing', async () => {
    const retailer = await svc.keyFor('retried-rotation-retail', 'retailer');
    const [first, other] = [
      await subscribe(retailer, { url: 'https://hooks.example.com/rotated-once' }).expect(201),
      await subscribe(retailer, { url: 'https://hooks.example.com/rotated-other' }).expect(201),
    ].map((res) => res.body.subscriptionId as string);
    const rotate = (id: string) =>
      svc
        .http()
        .post(`/v1/webhook-subscriptions/${id}/secret-rotation`)
        .set(as(retailer))
        .set('Idempotency-Key', 'rotate-1');
    const rotated = await rotate(first).expect(200);
    const retried = await rotate(first).expect(409);
    expect(retried.body).toMatchObject({
      type: '/problems/secret-already-rotated',
      subscriptionId: first,
    });
    expect(JSON.stringify(retried.body)).not.toContain('whsec_');
    const secrets = await sql.query(
      `SELECT secret, previous_secret FROM webhook_subscriptions WHERE subscription_id = $1`,
      [first],
    );
    expect(secrets.rows[0].secret).toBe(rotated.body.secret);
    expect(
      (await svc.http().get(`/v1/webhook-subscriptions/${first}`).set(as(retailer))).headers.etag,
    ).toBe('"1"');
    // The same key on another subscription is another request: 422, as on every POST.
    expect((await rotate(other).expect(422)).body.type).toBe('/problems/idempotency-key-reused');
  });

  it('keeps every secret rotated out in the last day signing after two rotations, two at most', async () => {
    const retailer = await svc.keyFor('twice-rotating-retail', 'retailer');
    const path = '/rotating-twice';
    const created = await subscribe(retailer, {
      url: receiver.url(path),
      eventTypes: ['ClaimFiled'],
    }).expect(201);
    const id = created.body.subscriptionId as string;
    const rotate = async () =>
      (
        await svc
          .http()
          .post(`/v1/webhook-subscriptions/${id}/secret-rotation`)
          .set(as(retailer))
          .expect(200)
      ).body as { secret: string; previousSecretExpiresAt: string; olderSecretExpiresAt: string };
    const signedWith = async (count: number) => {
      await saleAndClaim(retailer);
      const requests = await eventually(
        async () => receiver.at(path),
        (received) => received.length === count,
      );
      const request = requests[count - 1];
      return { request, signatures: String(request.headers['webhook-signature']).split(' ') };
    };
    const verifies = (secret: string, request: ReceivedWebhook) => {
      try {
        new Webhook(secret).verify(request.body, request.headers as Record<string, string>);
        return true;
      } catch {
        return false;
      }
    };

    const second = await rotate();
    const third = await rotate();
    // A receiver still on the first secret, rotated out minutes ago, keeps verifying.
    const afterTwo = await signedWith(1);
    expect(afterTwo.signatures).toEqual(Array(3).fill(expect.stringMatching(/^v1,\S+$/)));
    for (const secret of [created.body.secret, second.secret, third.secret])
      expect(verifies(secret, afterTwo.request)).toBe(true);
    expect(Date.parse(third.olderSecretExpiresAt)).toBe(Date.parse(second.previousSecretExpiresAt));

    // A third rotation within the day ends the grace of the oldest: three signatures at most.
    const fourth = await rotate();
    const afterThree = await signedWith(2);
    expect(afterThree.signatures).toHaveLength(3);
    expect(verifies(created.body.secret, afterThree.request)).toBe(false);
    for (const secret of [second.secret, third.secret, fourth.secret])
      expect(verifies(secret, afterThree.request)).toBe(true);

    // A secret whose day is over is not carried along by a later rotation.
    await sql.query(
      `UPDATE webhook_subscriptions
          SET previous_secret_expires_at = now() - interval '1 second',
              older_secret_expires_at = now() - interval '1 second'
        WHERE subscription_id = $1`,
      [id],
    );
    const fifth = await rotate();
    expect(fifth.olderSecretExpiresAt).toBeNull();
    const afterExpiry = await signedWith(3);
    expect(afterExpiry.signatures).toHaveLength(2);
    expect(verifies(fourth.secret, afterExpiry.request)).toBe(true);
    expect(verifies(fifth.secret, afterExpiry.request)).toBe(true);
  });

  it('queues nothing for a deactivated subscription', async () => {
    const retailer = await svc.keyFor('quiet-retail', 'retailer');
    const created = await subscribe(retailer, { url: receiver.url('/quiet') }).expect(201);
    const id = created.body.subscriptionId as string;
    const off = await svc
      .http()
      .post(`/v1/webhook-subscriptions/${id}/deactivation`)
      .set(as(retailer))
      .expect(200);
    expect(off.body).toMatchObject({
      state: 'disabled',
      disabledReason: 'Deactivated by the tenant',
    });
    await saleAndClaim(retailer);
    await outboxCaughtUp();
    expect(await deliveries(retailer, id)).toEqual([]);
    expect(receiver.at('/quiet')).toEqual([]);
  });

  it('sends its revision as ETag and honours If-Match on each change of a subscription', async () => {
    const retailer = await svc.keyFor('etag-retail', 'retailer');
    const created = await subscribe(retailer, { url: 'https://hooks.example.com/etag' }).expect(
      201,
    );
    expect(created.headers.etag).toBe('"0"');
    expect(created.body.revision).toBe(0);
    const id = created.body.subscriptionId as string;
    const read = () => svc.http().get(`/v1/webhook-subscriptions/${id}`).set(as(retailer));
    const first = await read().expect(200);
    expect(first.headers.etag).toBe('"0"');
    expect(first.body.revision).toBe(0);
    const change = (action: string, ifMatch?: string) => {
      const request = svc
        .http()
        .post(`/v1/webhook-subscriptions/${id}/${action}`)
        .set(as(retailer));
      if (ifMatch !== undefined) void request.set('If-Match', ifMatch);
      return request;
    };

    const off = await change('deactivation', first.headers.etag).expect(200);
    expect(off.headers.etag).toBe('"1"');
    expect(off.body).toMatchObject({ state: 'disabled', revision: 1 });
    const stale = await change('activation', first.headers.etag).expect(412);
    expect(stale.body).toMatchObject({
      type: '/problems/stale-revision',
      detail: `Webhook subscription ${id} is at revision 1, not 0`,
      currentRevision: 1,
    });
    await change('secret-rotation', '"0"').expect(412);
    await change('activation', 'soon').expect(400);
    expect((await read().expect(200)).body).toMatchObject({ state: 'disabled', revision: 1 });

    const on = await change('activation', off.headers.etag).expect(200);
    expect(on.headers.etag).toBe('"2"');
    const rotated = await change('secret-rotation', '"2"').expect(200);
    expect(rotated.headers.etag).toBe('"3"');
    expect(rotated.body).toMatchObject({ state: 'active', revision: 3 });
    // Without If-Match a change applies to whatever revision it finds, as everywhere.
    expect((await change('deactivation').expect(200)).headers.etag).toBe('"4"');
    const listed = await svc.http().get('/v1/webhook-subscriptions').set(as(retailer)).expect(200);
    expect(listed.body.items).toEqual([
      expect.objectContaining({ subscriptionId: id, revision: 4 }),
    ]);
    // Another tenant's subscription stays a 404, whatever If-Match says.
    const stranger = await svc.keyFor('etag-stranger', 'retailer');
    await svc
      .http()
      .post(`/v1/webhook-subscriptions/${id}/activation`)
      .set(as(stranger))
      .set('If-Match', '"4"')
      .expect(404);
  });

  it("hides another tenant's subscriptions (404) and lists only the caller's", async () => {
    const owner = await svc.keyFor('owner-retail', 'retailer');
    const stranger = await svc.keyFor('stranger-retail', 'retailer');
    const ids: string[] = [];
    for (let n = 0; n < 3; n++)
      ids.push(
        (await subscribe(owner, { url: `https://hooks.example.com/${n}` }).expect(201)).body
          .subscriptionId,
      );
    const first = await svc
      .http()
      .get('/v1/webhook-subscriptions?limit=2')
      .set(as(owner))
      .expect(200);
    const second = await svc
      .http()
      .get(`/v1/webhook-subscriptions?limit=2&cursor=${first.body.nextCursor}`)
      .set(as(owner))
      .expect(200);
    expect(
      [...first.body.items, ...second.body.items].map(
        (item: { subscriptionId: string }) => item.subscriptionId,
      ),
    ).toEqual([...ids].sort());
    expect(second.body.nextCursor).toBeNull();
    expect(JSON.stringify([first.body, second.body])).not.toContain('whsec_');

    const strangers = await svc
      .http()
      .get('/v1/webhook-subscriptions')
      .set(as(stranger))
      .expect(200);
    expect(strangers.body.items).toEqual([]);
    for (const [method, path] of [
      ['get', ''],
      ['get', '/deliveries'],
      ['post', '/deactivation'],
      ['post', '/activation'],
      ['post', '/secret-rotation'],
    ] as const) {
      const res = await svc
        .http()
        [method](`/v1/webhook-subscriptions/${ids[0]}${path}`)
        .set(as(stranger));
      expect(res.status).toBe(404);
      expect(res.body.type).toBe('/problems/webhook-subscription-not-found');
    }
  });

  it('answers a retried create with 409 and the same id, another body with 422, and never stores the secret for replay', async () => {
    const retailer = await svc.keyFor('retrying-retail', 'retailer');
    const create = (url = 'https://hooks.example.com/once') =>
      subscribe(retailer, { url }).set('Idempotency-Key', 'sub-1');
    const first = await create().expect(201);
    const retried = await create().expect(409);
    expect(retried.body).toMatchObject({
      type: '/problems/webhook-subscription-exists',
      subscriptionId: first.body.subscriptionId,
    });
    expect(JSON.stringify(retried.body)).not.toContain(first.body.secret);
    // The same key with another body is refused as on every POST, not taken for the first.
    const reused = await create('https://hooks.example.com/other').expect(422);
    expect(reused.body.type).toBe('/problems/idempotency-key-reused');
    await create().expect(409);
    const stored = await sql.query(
      `SELECT key FROM platform.idempotency_keys WHERE body::text LIKE '%whsec_%'`,
    );
    expect(stored.rows).toEqual([]);
    const listed = await svc.http().get('/v1/webhook-subscriptions').set(as(retailer)).expect(200);
    expect(listed.body.items).toHaveLength(1);
  });
});
