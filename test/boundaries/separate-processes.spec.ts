import type { Server } from 'node:http';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { ApiKeys, createPool } from '@warranty/platform';
import {
  createPathRouter,
  freePort,
  PROJECTION_ADMIN_PATHS,
  SERVICE_NAMES,
  type ServiceProcess,
  startServiceProcess,
} from '@warranty/routing';
import {
  createTestDatabase,
  claimFiling,
  feedsUnderTest,
  kafkaSkipReason,
  STANDARD_PLAN,
  type TestDatabase,
  unitRegistration,
  REPAIR_RATES,
  eventually,
  WebhookReceiver,
} from '@warranty/testing';

const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

describe.each(feedsUnderTest())('the services as separate processes, EVENT_FEED=%s', (feed) => {
  let database: TestDatabase;
  let services: ServiceProcess[] = [];
  let router: Server;
  let base: string;
  let maker: string;
  let retailer: string;
  let depot: string;
  let auditor: string;
  let admin: string;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await new WebhookReceiver().start();
    database = await createTestDatabase('procs');
    const routerPort = await freePort();
    const env: NodeJS.ProcessEnv = {
      // The workflow sends its commands through the router.
      WORKFLOW_COMMANDS_URL: `http://127.0.0.1:${routerPort}`,
      // The case view asks the workflow's process how far it is, through the router too.
      WORKFLOW_URL: `http://127.0.0.1:${routerPort}`,
      DATABASE_URL: database.url,
      EVENT_FEED: feed,
      LOG_LEVEL: 'warn',
      READ_MODEL_WAIT_MS: '15000',
      // The notifier sends to this suite's receiver on 127.0.0.1.
      WEBHOOK_ALLOW_LOCAL_ENDPOINTS: 'true',
      ...(feed === 'kafka' && { KAFKA_NAMESPACE: `p${randomBytes(4).toString('hex')}.` }),
    };
    const started = await Promise.allSettled(
      SERVICE_NAMES.map(async (name) =>
        startServiceProcess(name, { port: await freePort(), env, readyTimeoutMs: 90_000 }),
      ),
    );
    services = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    const origins = Object.fromEntries(services.map((s) => [s.name, s.url]));
    router = createPathRouter(origins as Record<(typeof SERVICE_NAMES)[number], string>);
    router.listen(routerPort, '127.0.0.1');
    await once(router, 'listening');
    base = `http://127.0.0.1:${(router.address() as { port: number }).port}`;
    const pool = createPool(database.url, 1);
    const keys = new ApiKeys(pool);
    maker = (await keys.create('acme-appliances', 'manufacturer')).key;
    retailer = (await keys.create('acme-retail', 'retailer')).key;
    depot = (await keys.create('fixit-depot', 'service_center')).key;
    auditor = (await keys.create('audit-partners', 'auditor')).key;
    admin = (await keys.create('platform-ops', 'admin')).key;
    await pool.end();
  }, 120_000);

  afterAll(async () => {
    router?.close();
    await Promise.all(services.map((s) => s.stop()));
    await receiver?.close();
    await database?.drop();
  });

  async function call(key: string, method: string, path: string, body?: object) {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body && { 'content-type': 'application/json' }),
      },
      body: body && JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  it("runs the README's flow through the path router", async () => {
    const pids = new Set(services.map((s) => s.pid));
    expect(pids.size).toBe(SERVICE_NAMES.length);
    expect(pids.has(process.pid)).toBe(false);

    // The notifier is a process of its own too, fed from the same feed.
    const subscription = await call(retailer, 'POST', '/v1/webhook-subscriptions', {
      url: receiver.url('/retailer'),
      eventTypes: ['ProductRegistered', 'ClaimApproved'],
    });
    expect(subscription.status).toBe(201);

    expect((await call(maker, 'POST', '/v1/warranty-plans', STANDARD_PLAN)).status).toBe(201);
    const registered = await call(retailer, 'POST', '/v1/products', unitRegistration('proc-1'));
    expect(registered.status).toBe(201);

    const coverage = await call(
      retailer,
      'GET',
      `/v1/coverage?manufacturerId=acme-appliances&serialNumber=proc-1&on=${yesterday}&kind=labor&minPosition=${registered.body.position}`,
    );
    expect(coverage).toMatchObject({ status: 200, body: { covered: true, planCode: 'STD-24' } });

    const filed = await call(retailer, 'POST', '/v1/claims', {
      manufacturerId: 'acme-appliances',
      serialNumber: 'PROC-1',
      failureDate: yesterday,
      defect: { category: 'electrical', description: 'No power' },
      evidence: [],
      customer: { name: 'Ada Lovelace', email: 'ada@example.com' },
      requestedResolution: 'repair',
    });
    expect(filed).toMatchObject({ status: 201, body: { coverage: { covered: true } } });
    const claimId = filed.body.claimId as string;

    expect((await call(maker, 'POST', `/v1/claims/${claimId}/review`)).status).toBe(200);
    const approved = await call(maker, 'POST', `/v1/claims/${claimId}/approval`, {
      resolution: 'repair',
    });
    expect(approved.status).toBe(200);

    const caseView = await call(
      retailer,
      'GET',
      `/v1/cases/${claimId}?minPosition=${approved.body.position}`,
    );
    // One read: the workflow's RMA and fulfilment are already in the case.
    expect(caseView).toMatchObject({
      status: 200,
      body: {
        state: 'in_fulfilment',
        rma: { rmaNumber: expect.stringMatching(/^RMA-\d{4}-000001$/) },
      },
    });

    const history = await call(retailer, 'GET', `/v1/claims/${claimId}/history`);
    expect(history.status).toBe(200);
    expect(JSON.stringify(history.body)).toContain('ClaimApproved');

    const list = await call(
      maker,
      'GET',
      `/v1/claim-list?state=in_fulfilment&minPosition=${approved.body.position}`,
    );
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([expect.objectContaining({ claimId, state: 'in_fulfilment' })]);

    // The workflow authorizes the RMA on its own once the claim is approved.
    const rma = { body: { rmaId: await rmaIdOf(claimId) } };
    const number = await call(maker, 'GET', `/v1/rmas/${rma.body.rmaId}`);
    expect(number).toMatchObject({
      status: 200,
      body: {
        rmaNumber: expect.stringMatching(/^RMA-\d{4}-000001$/),
        lines: [{ serialNumber: 'PROC-1' }],
      },
    });
    const seen = await call(retailer, 'GET', `/v1/rmas/${rma.body.rmaId}`);
    expect(seen).toMatchObject({ status: 200, body: { state: 'authorized', claimId } });

    const rates = await call(maker, 'PUT', '/v1/repair-rates/fixit-depot', REPAIR_RATES);
    expect(rates.status).toBe(200);
    const repair = await call(maker, 'POST', '/v1/repair-orders', {
      manufacturerId: 'acme-appliances',
      serviceCenterId: 'fixit-depot',
      serialNumber: 'PROC-1',
      claimId,
      reportedDefect: 'No power',
    });
    expect(repair).toMatchObject({ status: 201, body: { state: 'opened', covered: true } });
    const assigned = await call(
      depot,
      'POST',
      `/v1/repair-orders/${repair.body.repairOrderId}/assignment`,
      { technician: 'tech-ana' },
    );
    expect(assigned).toMatchObject({ status: 200, body: { state: 'assigned' } });

    const webhooks = await eventually(
      async () => receiver.at('/retailer'),
      (requests) => requests.length >= 2,
      { timeoutMs: 30_000 },
    );
    const messages = webhooks.map(
      (request) =>
        new Webhook(subscription.body.secret).verify(
          request.body,
          request.headers as Record<string, string>,
        ) as { type: string; data: { subject: { id: string } } },
    );
    expect(messages.map((message) => [message.type, message.data.subject.id]).sort()).toEqual([
      ['ClaimApproved', claimId],
      ['ProductRegistered', registered.body.productId],
    ]);

    // Audit runs as its own process too and reads what the others wrote.
    const verified = await call(auditor, 'GET', `/v1/audit/streams/claim-${claimId}/verification`);
    expect(verified).toMatchObject({ status: 200, body: { status: 'intact' } });

    // Settlement, its own process as well: a refund the workflow resolves is owed, and paid.
    const refundUnit = await call(retailer, 'POST', '/v1/products', unitRegistration('proc-2'));
    expect(refundUnit.status).toBe(201);
    const refundClaim = await call(
      retailer,
      'POST',
      '/v1/claims',
      claimFiling('PROC-2', { failureDate: yesterday, requestedResolution: 'refund' }),
    );
    expect(refundClaim.status).toBe(201);
    const refundId = refundClaim.body.claimId as string;
    expect((await call(maker, 'POST', `/v1/claims/${refundId}/review`)).status).toBe(200);
    const refunded = await call(maker, 'POST', `/v1/claims/${refundId}/approval`, {
      resolution: 'refund',
      approvedAmount: { amount: 1000, currency: 'EUR' },
    });
    expect(refunded.status).toBe(200);
    const owed = await eventually(
      async () => (await call(retailer, 'GET', '/v1/payables')).body.items as unknown[],
      (items) => items.length > 0,
      { timeoutMs: 30_000 },
    );
    expect(owed).toEqual([
      expect.objectContaining({
        payableId: `claim:${refundId}`,
        amount: { amount: 1000, currency: 'EUR' },
      }),
    ]);
    const paid = await call(maker, 'POST', '/v1/settlements', {
      payee: { kind: 'retailer', id: 'acme-retail' },
      payableIds: [`claim:${refundId}`],
      reference: 'PROC-PAY-1',
      paidOn: yesterday,
    });
    expect(paid).toMatchObject({ status: 201, body: { status: 'paid' } });
    const receipt = await call(
      retailer,
      'GET',
      `/v1/settlements/${paid.body.settlementId}?minPosition=${paid.body.position}`,
    );
    expect(receipt).toMatchObject({ status: 200, body: { reference: 'PROC-PAY-1' } });
  });

  async function rmaIdOf(claimId: string): Promise<string> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const claim = await call(maker, 'GET', `/v1/claims/${claimId}`);
      if (claim.body?.fulfilment?.rmaId) return claim.body.fulfilment.rmaId as string;
      if (Date.now() > deadline) throw new Error(`no RMA: ${JSON.stringify(claim.body)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  it("reaches each service's read-model admin through the router, and rebuilds one there", async () => {
    const names: string[] = [];
    for (const path of PROJECTION_ADMIN_PATHS) {
      const listed = await call(admin, 'GET', path);
      expect(listed.status).toBe(200);
      names.push(...listed.body.projections.map((p: { name: string }) => p.name));
    }
    expect(names).toEqual(
      expect.arrayContaining([
        'claim-status',
        'sla-timers',
        'webhook-outbox',
        'settlement-payables',
      ]),
    );
    expect(new Set(names).size).toBe(names.length);
    const path = '/v1/admin/settlement/projections/settlement-payables/rebuild';
    expect((await call(admin, 'POST', path)).status).toBe(202);
    const outcome = await eventually(
      async () => (await call(admin, 'GET', path)).body,
      (body) => body.state !== 'running',
    );
    expect(outcome).toMatchObject({ state: 'swapped', error: null });
  });

  it('answers health, problem pages and one OpenAPI document for all the services', async () => {
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).toBe(200);
    const readiness = (await ready.json()) as { status: string; details: object };
    expect(readiness.status).toMatch(/^(ok|degraded)$/);
    expect(Object.keys(readiness.details).sort()).toEqual([...SERVICE_NAMES].sort());

    const page = await fetch(`${base}/problems/not-found`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('<code>not-found</code>');

    const answer = await fetch(`${base}/openapi.json`);
    expect(answer.status).toBe(200);
    const document = (await answer.json()) as { paths: object };
    expect(document).toMatchObject({
      openapi: expect.stringMatching(/^3\./),
      info: { title: 'Warranty platform (all services)', version: expect.any(String) },
      components: { schemas: expect.any(Object) },
    });
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/v1/products', '/v1/claims', '/v1/settlements', '/v1/payables']),
    );

    const docs = await fetch(`${base}/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('/openapi.json');
    expect((await fetch(`${base}/docs/swagger-ui-bundle.js`)).status).toBe(200);
  });

  it('answers 404 for a path no service owns', async () => {
    expect((await call(retailer, 'GET', '/v1/nowhere')).status).toBe(404);
  });
});

if (kafkaSkipReason()) {
  it.skip(`The services as separate processes on the Kafka feed: ${kafkaSkipReason()}`, () =>
    undefined);
}
