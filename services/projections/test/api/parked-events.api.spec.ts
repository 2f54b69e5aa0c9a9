import { getDataSourceToken } from '@nestjs/typeorm';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@warranty/event-store';
import { type Projection, ProjectionRunner, runStatement } from '@warranty/read-models';
import {
  feedsUnderTest,
  kafkaSkipReason,
  STANDARD_PLAN,
  unitRegistration,
  waitUntil,
} from '@warranty/testing';
import { startServiceUnderTest, type ServiceUnderTest } from '@warranty/testing/service-app';
import { Kafka, logLevel } from 'kafkajs';
import { PLATFORM_OPTIONS, type PlatformOptions } from '@warranty/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { RegistrationModule } from '../../../registration/src/registration.module';
import { ProjectionsApiModule } from '../../src/api/projections-api.module';
import { READ_MODELS_CONNECTION, UNIT_COVERAGE } from '../../src';
import { productRegistered, unit } from '../registration-events';

/** Test-only: applies claimant streams into probe_applied, and refuses one stream while told to. */
class ProbeProjection implements Projection {
  readonly name = 'probe';
  readonly filter = { streamPrefixes: ['claimant-'] };
  refuse?: string;
  /** While set, every event waits for it: the projection falls behind. */
  hold?: Promise<void>;

  async handle(event: RecordedEvent, manager: EntityManager): Promise<void> {
    if (event.streamId === this.refuse) throw new Error(`probe refuses ${event.streamId}`);
    await this.hold;
    await runStatement(manager, 'INSERT INTO probe_applied (stream_id, revision) VALUES ($1, $2)', [
      event.streamId,
      event.revision,
    ]);
  }
}

describe.each(feedsUnderTest())('A poison event parks its stream only (%s feed)', (feed) => {
  let svc: ServiceUnderTest;
  let store: EventStore;
  let dataSource: DataSource;
  let admin: string;
  let retailer: string;
  const probe = new ProbeProjection();
  const auth = (key: string) => ({ Authorization: `Bearer ${key}` });

  beforeAll(async () => {
    svc = await startServiceUnderTest(
      (url) => [
        RegistrationModule,
        ProjectionsApiModule.forRoot(url, {
          projections: [probe],
          runner: { retry: { initialDelayMs: 10, maxDelayMs: 50 }, waitTimeoutMs: 300 },
          maxLagMs: 500,
        }),
      ],
      { feed },
    );
    store = svc.app.get(EVENT_STORE);
    dataSource = svc.app.get(getDataSourceToken(READ_MODELS_CONNECTION));
    await dataSource.query('CREATE TABLE probe_applied (stream_id text, revision int)');
    admin = await svc.keyFor('platform-ops', 'admin');
    retailer = await svc.keyFor('acme-retail', 'retailer');
    const maker = await svc.keyFor('acme-appliances', 'manufacturer');
    await svc.http().post('/v1/warranty-plans').set(auth(maker)).send(STANDARD_PLAN).expect(201);
  });
  afterAll(() => svc?.close());

  const note = async (stream: string, n: number) =>
    (await store.append(stream, [{ type: 'Noted', data: { n } }], 'any')).position;
  const applied = async (stream: string) =>
    (
      await dataSource.query<{ revision: number }[]>(
        'SELECT revision FROM probe_applied WHERE stream_id = $1 ORDER BY revision',
        [stream],
      )
    ).map((r) => r.revision);
  const runner = () => svc.app.get(ProjectionRunner);
  const projections = async () =>
    (await svc.http().get('/v1/admin/projections').set(auth(admin)).expect(200)).body
      .projections as Array<{
      name: string;
      position: string | null;
      lag: string | null;
      parked: Array<Record<string, unknown>>;
    }>;
  const ready = () => svc.http().get('/health/ready');
  /** Messages in the claims topic's dead-letter topic, where the Kafka feed copies a parked event. */
  const deadLettered = async () => {
    const { kafka } = svc.app.get<PlatformOptions>(PLATFORM_OPTIONS);
    const admin = new Kafka({ brokers: kafka!.brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(`${kafka!.namespace}warranty.claims.v1.dlq`);
      return offsets.reduce((sum, p) => sum + BigInt(p.high) - BigInt(p.low), 0n);
    } finally {
      await admin.disconnect();
    }
  };

  it('parks the refused event, keeps other streams flowing, lists it, reports degraded, re-drives it', async () => {
    const bad = `claimant-${feed}bad`;
    const good = `claimant-${feed}good`;
    probe.refuse = bad;
    await note(bad, 1);
    await note(bad, 2);
    const last = await note(good, 1);
    expect(await runner().waitFor('probe', last, 20_000)).toBe(true);
    expect(await applied(good)).toEqual([0]);
    expect(await applied(bad)).toEqual([]);

    const listed = (await projections()).find((p) => p.name === 'probe')!;
    expect(listed.parked).toEqual([
      expect.objectContaining({
        streamId: bad,
        revision: 0,
        eventType: 'Noted',
        error: expect.stringContaining(`probe refuses ${bad}`),
        attempts: 5,
        heldBehind: 1,
        firstFailedAt: expect.any(String),
      }),
    ]);
    expect((await projections()).map((p) => p.name)).toEqual(
      expect.arrayContaining(['unit-coverage', 'warranty-plans', 'claim-status', 'probe']),
    );
    if (feed === 'kafka') expect(await deadLettered()).toBe(1n);
    const degraded = await ready().expect(200);
    expect(degraded.body).toMatchObject({
      status: 'degraded',
      details: { readModels: { status: 'degraded', parked: 1 } },
    });

    // A restart of the runner keeps the stream parked: no retry, the attempts unchanged.
    await runner().stop();
    await runner().start();
    const more = await note(good, 2);
    expect(await runner().waitFor('probe', more, 20_000)).toBe(true);
    expect(await applied(good)).toEqual([0, 1]);
    expect(await applied(bad)).toEqual([]);
    expect((await projections()).find((p) => p.name === 'probe')!.parked).toEqual([
      expect.objectContaining({ streamId: bad, attempts: 5 }),
    ]);

    const redrive = () =>
      svc.http().post(`/v1/admin/projections/probe/parked/${bad}/redrive`).set(auth(admin));
    await svc
      .http()
      .post(`/v1/admin/projections/probe/parked/${bad}/redrive`)
      .set(auth(retailer))
      .expect(403);
    expect((await redrive().expect(409)).body).toMatchObject({ applied: 0 });

    probe.refuse = undefined;
    expect((await redrive().expect(200)).body).toEqual({
      projection: 'probe',
      streamId: bad,
      applied: 2,
    });
    expect(await applied(bad)).toEqual([0, 1]);
    await redrive().expect(404);
    await svc
      .http()
      .post('/v1/admin/projections/probe/parked/claimant-a%00b/redrive')
      .set(auth(admin))
      .expect(400);
    await waitUntil(async () => (await ready()).body.status === 'ok');
    expect((await ready().expect(200)).body.details.readModels).toMatchObject({ parked: 0 });

    const after = await note(bad, 3);
    expect(await runner().waitFor('probe', after, 20_000)).toBe(true);
    expect(await applied(bad)).toEqual([0, 1, 2]);
  });

  it('readiness says degraded while a projection lags past the threshold, and recovers', async () => {
    let release: () => void = () => undefined;
    probe.hold = new Promise((resolve) => (release = resolve));
    const position = await note(`claimant-${feed}slow`, 1);
    await waitUntil(async () => (await ready()).body.status === 'degraded', { timeoutMs: 20_000 });
    expect((await ready().expect(200)).body.details.readModels).toMatchObject({
      parked: 0,
      lagging: [{ name: 'probe', behindMs: expect.any(Number) }],
    });
    const listed = (await projections()).find((p) => p.name === 'probe')!;
    expect(listed.lag).not.toBe('0');

    release();
    probe.hold = undefined;
    expect(await runner().waitFor('probe', position, 20_000)).toBe(true);
    await waitUntil(async () => (await ready()).body.status === 'ok', { timeoutMs: 20_000 });
  });

  it('a year-0000 purchase date, written straight to the store, parks that unit only', async () => {
    const broken = unit('acme-appliances', `Y0-${feed}`);
    await store.append(
      broken.stream,
      [productRegistered(broken, { purchaseDate: '0000-01-01', coverageStart: '0000-01-01' })],
      'no_stream',
    );
    const { body } = await svc
      .http()
      .post('/v1/products')
      .set(auth(retailer))
      .send(unitRegistration(`after-y0-${feed}`, { purchaseDate: '2026-05-01' }))
      .expect(201);
    expect(await runner().waitFor(UNIT_COVERAGE, BigInt(body.position), 20_000)).toBe(true);
    const coverage = await svc
      .http()
      .get('/v1/coverage')
      .query({
        manufacturerId: 'acme-appliances',
        serialNumber: `after-y0-${feed}`,
        on: '2026-06-01',
        minPosition: body.position,
      })
      .set(auth(retailer))
      .expect(200);
    expect(coverage.headers['x-read-model-stale']).toBeUndefined();
    expect(coverage.body).toMatchObject({ covered: true, planCode: 'STD-24' });

    const listed = (await projections()).find((p) => p.name === UNIT_COVERAGE)!;
    expect(listed.parked).toEqual([
      expect.objectContaining({ streamId: broken.stream, eventType: 'ProductRegistered' }),
    ]);
    expect((await ready().expect(200)).body.status).toBe('degraded');
  });

  it('a minPosition wait that times out says so in headers, with the data it has', async () => {
    // Positions pack a transaction id in their high bits, so far past the head is never reached here.
    const head = (await store.headPosition())!;
    const res = await svc
      .http()
      .get('/v1/plan-catalog')
      .query({ manufacturerId: 'acme-appliances', minPosition: (head * 1000n).toString() })
      .set(auth(retailer))
      .expect(200);
    expect(res.headers['x-read-model-stale']).toBe('true');
    expect(BigInt(res.headers['x-read-model-position'])).toBeLessThanOrEqual(head);
    expect(res.body.items).toEqual([expect.objectContaining({ code: 'STD-24' })]);
  });
});

if (kafkaSkipReason()) {
  it.skip(`A poison event parks its stream only, on the Kafka feed: ${kafkaSkipReason()}`, () =>
    undefined);
}
