import { Pool } from 'pg';
import { EVENT_STORE, type EventStore } from '@warranty/event-store';
import type { ProjectionRunner } from '@warranty/read-models';
import { Webhook } from 'standardwebhooks';
import { eventually, feedsUnderTest, WebhookReceiver } from '@warranty/testing';
import { type ServiceUnderTest, startServiceUnderTest } from '@warranty/testing/service-app';
import { NotifierModule } from '../../../notifier/src/notifier.module';
import { SETTLEMENT_PAYABLES } from '../../src/projections/payables.projection';
import { SettlementModule } from '../../src/settlement.module';
import { SETTLEMENT_RUNNER } from '../../src/tokens';

const as = (key: string) => ({ Authorization: `Bearer ${key}` });
const money = (amount: number, currency = 'EUR') => ({ amount, currency });
const DEPOT = { kind: 'service_center', id: 'fixit-depot' };
const RETAIL = { kind: 'retailer', id: 'acme-retail' };

describe.each(feedsUnderTest())('settlement API (%s feed)', (feed) => {
  let svc: ServiceUnderTest;
  let receiver: WebhookReceiver;
  let sql: Pool;
  let maker: string;
  let otherMaker: string;
  let depotKey: string;
  let retailKey: string;
  let auditor: string;
  let seq = 0;

  beforeAll(async () => {
    receiver = await new WebhookReceiver().start();
    svc = await startServiceUnderTest(
      (url) => [
        SettlementModule.forRoot(url, {
          runner: { retry: { initialDelayMs: 10, maxDelayMs: 50 } },
        }),
        NotifierModule.forRoot(url, {
          allowLocalEndpoints: true,
          dispatcher: { pollIntervalMs: 50 },
        }),
      ],
      { feed },
    );
    sql = new Pool({ connectionString: svc.database.url, max: 2 });
    maker = await svc.keyFor('acme-appliances', 'manufacturer');
    otherMaker = await svc.keyFor('globex', 'manufacturer');
    depotKey = await svc.keyFor('fixit-depot', 'service_center');
    retailKey = await svc.keyFor('acme-retail', 'retailer');
    auditor = await svc.keyFor('audit-partners', 'auditor');
  }, 120_000);

  afterAll(async () => {
    await sql?.end();
    await svc?.close();
    await receiver?.close();
  });

  const store = () => svc.app.get<EventStore>(EVENT_STORE);

  /** A repair order opened and closed as the repairs service writes them; its payable id. */
  async function closedRepair(
    amount: number,
    {
      manufacturerId = 'acme-appliances',
      serviceCenterId = 'fixit-depot',
      currency = 'EUR',
      at = '',
    } = {},
  ) {
    const id = `ro-${feed}-${++seq}`;
    const closedAt = at || `2026-06-${String(10 + (seq % 5)).padStart(2, '0')}T09:00:00.000Z`;
    await store().append(
      `repair-${id}`,
      [
        {
          type: 'RepairOrderOpened',
          data: { repairOrderId: id, manufacturerId, retailerId: 'acme-retail', serviceCenterId },
        },
        {
          type: 'RepairOrderClosed',
          data: {
            repairOrderId: id,
            outcome: 'repaired',
            costs: { reimbursement: money(amount, currency) },
            by: serviceCenterId,
            at: closedAt,
          },
        },
      ],
      'no_stream',
    );
    return `repair:${id}`;
  }

  /** A claim approved for a refund and resolved with no RMA: owed to the retailer. */
  async function refundedClaim(amount: number) {
    const id = `claim-${feed}-${++seq}`;
    await store().append(
      `claim-${id}`,
      [
        {
          type: 'ClaimFiled',
          data: { claimId: id, manufacturerId: 'acme-appliances', retailerId: 'acme-retail' },
        },
        {
          type: 'ClaimApproved',
          data: { claimId: id, resolution: 'refund', approvedAmount: money(amount) },
        },
        {
          type: 'ClaimResolved',
          data: {
            claimId: id,
            outcome: 'refunded',
            rmaId: null,
            repairOrderId: null,
            at: '2026-06-14T12:00:00.000Z',
          },
        },
      ],
      'no_stream',
    );
    return `claim:${id}`;
  }

  async function caughtUp() {
    const runner = svc.app.get<ProjectionRunner>(SETTLEMENT_RUNNER);
    expect(await runner.waitFor(SETTLEMENT_PAYABLES, await svc.lastWritten(), 30_000)).toBe(true);
  }

  const settle = (key: string, body: object, idempotencyKey?: string) => {
    const request = svc.http().post('/v1/settlements').set(as(key));
    if (idempotencyKey) void request.set('Idempotency-Key', idempotencyKey);
    return request.send(body);
  };
  const payables = async (key: string, query: Record<string, string> = {}) =>
    (await svc.http().get('/v1/payables').query(query).set(as(key)).expect(200)).body;
  const rebuildOutcome = (projection: string, admin: string) =>
    eventually(
      async () => (await svc.http().get(`${projection}/rebuild`).set(as(admin)).expect(200)).body,
      (body: { state: string; applied: number; error: string | null }) => body.state !== 'running',
    );
  const ledgerEvents = async () =>
    Number(
      (
        await sql.query(
          `SELECT count(*) AS n FROM event_store.events WHERE stream_id LIKE 'settlement-%'`,
        )
      ).rows[0].n,
    );

  it('lists what each case owes, to whom, and shows each tenant only its own side', async () => {
    const repair = await closedRepair(20_000);
    const foreign = await closedRepair(7_000, { manufacturerId: 'globex' });
    const claim = await refundedClaim(4_500);
    await caughtUp();

    const depotSees = await payables(depotKey);
    const ids = depotSees.items.map((item: { payableId: string }) => item.payableId);
    expect(ids).toEqual(expect.arrayContaining([repair, foreign]));
    expect(ids).not.toContain(claim);
    expect(
      depotSees.items.find((item: { payableId: string }) => item.payableId === repair),
    ).toEqual({
      payableId: repair,
      manufacturerId: 'acme-appliances',
      payee: DEPOT,
      source: {
        kind: 'repair',
        id: repair.slice('repair:'.length),
        lineId: null,
        href: `/v1/repair-orders/${repair.slice('repair:'.length)}`,
      },
      amount: money(20_000),
      owedSince: expect.stringMatching(/^2026-06-1\dT09:00:00\.000Z$/),
      status: 'open',
      settlementId: null,
      paidOn: null,
    });

    const makerIds = (await payables(maker)).items.map(
      (item: { payableId: string }) => item.payableId,
    );
    expect(makerIds).toEqual(expect.arrayContaining([repair, claim]));
    expect(makerIds).not.toContain(foreign);
    const retailOwed = (await payables(retailKey)).items;
    expect(
      retailOwed.find((item: { payableId: string }) => item.payableId === claim),
    ).toMatchObject({
      payee: RETAIL,
      source: { kind: 'claim', href: `/v1/claims/${claim.slice('claim:'.length)}` },
      amount: money(4_500),
      owedSince: '2026-06-14T12:00:00.000Z',
    });
    const retailIds = (await payables(retailKey)).items.map(
      (item: { payableId: string }) => item.payableId,
    );
    expect(retailIds).toContain(claim);
    expect(retailIds).not.toContain(repair);
    expect((await payables(auditor)).items.length).toBeGreaterThanOrEqual(3);
    // Naming someone else's side is an empty page, not another tenant's data.
    expect((await payables(maker, { manufacturerId: 'globex' })).items).toEqual([]);
    expect((await payables(depotKey, { payeeKind: 'retailer' })).items).toEqual([]);

    const balances = (
      await svc
        .http()
        .get('/v1/payables/balances')
        .query({ payeeId: 'fixit-depot' })
        .set(as(maker))
        .expect(200)
    ).body.items;
    const open = (await payables(maker, { payeeId: 'fixit-depot', status: 'open' })).items;
    expect(balances).toEqual([
      {
        manufacturerId: 'acme-appliances',
        payee: DEPOT,
        currency: 'EUR',
        openCount: open.length,
        open: money(
          open.reduce(
            (sum: number, item: { amount: { amount: number } }) => sum + item.amount.amount,
            0,
          ),
        ),
        oldestOwedSince: open[0].owedSince,
      },
    ]);
  });

  it('records a payment: the payables are settled, and the payee sees what paid them', async () => {
    const first = await closedRepair(12_000);
    const second = await closedRepair(3_000);
    await caughtUp();
    const res = await settle(maker, {
      payee: DEPOT,
      payableIds: [first, second],
      reference: 'SEPA-2026-06-0001',
      paidOn: '2026-06-15',
      note: 'June run',
    }).expect(201);
    expect(res.headers.location).toBe(`/v1/settlements/${res.body.settlementId}`);
    expect(res.body).toMatchObject({
      manufacturerId: 'acme-appliances',
      payee: DEPOT,
      status: 'paid',
      total: money(15_000),
      reference: 'SEPA-2026-06-0001',
      paidOn: '2026-06-15',
      note: 'June run',
      recordedBy: 'acme-appliances',
      reversal: null,
    });
    expect(res.body.items.map((item: { payableId: string }) => item.payableId)).toEqual([
      first,
      second,
    ]);
    expect(res.body.position).toMatch(/^\d+$/);

    const read = (key: string) =>
      svc
        .http()
        .get(`/v1/settlements/${res.body.settlementId}`)
        .query({ minPosition: res.body.position })
        .set(as(key));
    const { position: _position, ...view } = res.body;
    const readBack = await read(depotKey).expect(200);
    expect(readBack.body).toEqual(view);
    expect(readBack.headers.etag).toBe(`"${res.body.revision}"`);
    expect(res.headers.etag).toBe(`"${res.body.revision}"`);
    await read(retailKey).expect(404);
    await read(otherMaker).expect(404);
    await svc.http().get('/v1/settlements/not-a-uuid').set(as(maker)).expect(400);
    await svc
      .http()
      .get('/v1/settlements/00000000-0000-4000-8000-000000000000')
      .set(as(maker))
      .expect(404);
    const settled = await payables(depotKey, { settlementId: res.body.settlementId });
    expect(settled.items).toHaveLength(2);
    expect(settled.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ payableId: first, status: 'settled', paidOn: '2026-06-15' }),
        expect.objectContaining({ payableId: second, status: 'settled', paidOn: '2026-06-15' }),
      ]),
    );
    const listed = (await svc.http().get('/v1/settlements').set(as(depotKey)).expect(200)).body
      .items;
    expect(listed[0].settlementId).toBe(res.body.settlementId);
  });

  it('refuses a payment that is malformed, not owed, in two currencies or paid already, and writes nothing', async () => {
    const owed = await closedRepair(1_000);
    const dollars = await closedRepair(1_000, { currency: 'USD' });
    const theirs = await closedRepair(1_000, { manufacturerId: 'globex' });
    const claim = await refundedClaim(1_000);
    await caughtUp();
    const body = { payee: DEPOT, payableIds: [owed], reference: 'R-1', paidOn: '2026-06-15' };
    const before = await ledgerEvents();

    const malformed: Array<[object, string]> = [
      [{ ...body, payee: { kind: 'bank', id: 'fixit-depot' } }, 'payee.kind'],
      [{ ...body, payee: { kind: 'service_center', id: 'Not An Id' } }, 'payee.id'],
      [{ ...body, payableIds: [] }, 'payableIds'],
      [{ ...body, payableIds: [owed, owed] }, 'payableIds'],
      [{ ...body, payableIds: ['payroll:1'] }, 'payableIds'],
      [
        { ...body, payableIds: Array.from({ length: 201 }, (_, i) => `repair:x${i}`) },
        'payableIds',
      ],
      [{ ...body, reference: '' }, 'reference'],
      [{ ...body, paidOn: '2400-01-01' }, 'paidOn'],
      [{ ...body, paidOn: '2199-12-31' }, 'paidOn'],
      [{ ...body, note: null }, 'note'],
    ];
    for (const [request, field] of malformed) {
      const res = await settle(maker, request).expect(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    }
    // Not owed by this manufacturer to this payee: another's, another payee's, unknown.
    for (const payableId of [theirs, claim, 'repair:never-closed']) {
      const res = await settle(maker, { ...body, payableIds: [owed, payableId] }).expect(400);
      expect(res.body.type).toBe('/problems/payables-not-owed');
      expect(res.body.detail).toContain(payableId);
    }
    const mixed = await settle(maker, { ...body, payableIds: [owed, dollars] }).expect(400);
    expect(mixed.body.type).toBe('/problems/currency-mismatch');
    await settle(retailKey, body).expect(403);
    await settle(auditor, body).expect(403);
    await svc.http().post('/v1/settlements').send(body).expect(401);
    expect(await ledgerEvents()).toBe(before);

    const paid = await settle(maker, body).expect(201);
    const again = await settle(maker, { ...body, reference: 'R-2' }).expect(409);
    expect(again.body).toMatchObject({
      type: '/problems/payables-already-settled',
      settled: [{ payableId: owed, settlementId: paid.body.settlementId }],
    });
    expect(await ledgerEvents()).toBe(before + 1);
  });

  it('pays a payable once when two payments race for it', async () => {
    const contested = await closedRepair(5_000);
    await caughtUp();
    const results = await Promise.all(
      ['R-A', 'R-B', 'R-C'].map((reference) =>
        settle(maker, { payee: DEPOT, payableIds: [contested], reference, paidOn: '2026-06-15' }),
      ),
    );
    expect(results.map((res) => res.status).sort()).toEqual([201, 409, 409]);
    const { rows } = await sql.query(
      `SELECT count(*)::int AS n FROM event_store.events
        WHERE type = 'SettlementRecorded' AND data->'items' @> $1::jsonb`,
      [JSON.stringify([{ payableId: contested }])],
    );
    expect(rows[0].n).toBe(1);
  });

  it('answers a retried payment with the same settlement, from its Idempotency-Key', async () => {
    const payable = await closedRepair(2_000);
    await caughtUp();
    const body = { payee: DEPOT, payableIds: [payable], reference: 'R-idem', paidOn: '2026-06-15' };
    const first = await settle(maker, body, `idem-${feed}`).expect(201);
    const retry = await settle(maker, body, `idem-${feed}`).expect(201);
    expect(retry.body.settlementId).toBe(first.body.settlementId);
    expect(retry.body.position).toBe(first.body.position);

    // A crash after the append and before the answer was stored: the retry finds what it wrote.
    await sql.query(`DELETE FROM platform.idempotency_keys WHERE key = $1`, [`idem-${feed}`]);
    const afterCrash = await settle(maker, body, `idem-${feed}`).expect(201);
    const { position: _p, revision: _r, ...firstView } = first.body;
    const { position: _p2, revision: _r2, ...crashView } = afterCrash.body;
    expect(crashView).toEqual(firstView);
    expect(afterCrash.body.position).toBe(first.body.position);
    const reverse = () =>
      svc
        .http()
        .post(`/v1/settlements/${first.body.settlementId}/reversal`)
        .query({ minPosition: first.body.position })
        .set(as(maker))
        .set('Idempotency-Key', `undo-${feed}`)
        .send({ reason: 'Sent twice by mistake' });
    const reversed = await reverse().expect(200);
    await sql.query(`DELETE FROM platform.idempotency_keys WHERE key = $1`, [`undo-${feed}`]);
    const reversedAgain = await reverse().expect(200);
    expect(reversedAgain.body).toEqual(reversed.body);
    const { rows } = await sql.query(
      `SELECT type FROM event_store.events WHERE data->>'settlementId' = $1 ORDER BY position`,
      [first.body.settlementId],
    );
    expect(rows.map((row) => row.type)).toEqual(['SettlementRecorded', 'SettlementReversed']);

    // Once the stored answer is gone, the key names another settlement on another ledger, and
    // is refused for another payment on the same one rather than answered with the old payment.
    const other = await closedRepair(700, { serviceCenterId: `keyed-depot-${feed}` });
    const more = await closedRepair(800);
    await caughtUp();
    await sql.query(`DELETE FROM platform.idempotency_keys WHERE key = $1`, [`idem-${feed}`]);
    const elsewhere = await settle(
      maker,
      {
        payee: { kind: 'service_center', id: `keyed-depot-${feed}` },
        payableIds: [other],
        reference: 'R-idem',
        paidOn: '2026-06-15',
      },
      `idem-${feed}`,
    ).expect(201);
    expect(elsewhere.body.settlementId).not.toBe(first.body.settlementId);
    const reusedHere = { ...body, payableIds: [more] };
    await sql.query(`DELETE FROM platform.idempotency_keys WHERE key = $1`, [`idem-${feed}`]);
    const refused = await settle(maker, reusedHere, `idem-${feed}`).expect(422);
    expect(refused.body.type).toBe('/problems/idempotency-key-reused');
    for (const settlement of [first.body, elsewhere.body])
      await svc
        .http()
        .get(`/v1/settlements/${settlement.settlementId}`)
        .query({ minPosition: elsewhere.body.position })
        .set(as(maker))
        .expect(200);
    expect(
      (
        await payables(maker, {
          minPosition: elsewhere.body.position,
          settlementId: elsewhere.body.settlementId,
        })
      ).items,
    ).toEqual([expect.objectContaining({ payableId: other, status: 'settled' })]);
  });

  it('reverses a payment that did not go through: its payables are owed again and can be paid anew', async () => {
    const payable = await closedRepair(8_000);
    await caughtUp();
    const body = {
      payee: DEPOT,
      payableIds: [payable],
      reference: 'R-bounce',
      paidOn: '2026-06-15',
    };
    const paid = await settle(maker, body).expect(201);
    const reversal = (key: string, reason = 'Returned by the bank: account closed') =>
      svc
        .http()
        .post(`/v1/settlements/${paid.body.settlementId}/reversal`)
        .query({ minPosition: paid.body.position })
        .set(as(key))
        .send({ reason });
    await reversal(otherMaker).expect(404);
    await reversal(depotKey).expect(403);
    await reversal(maker, '').expect(400);
    const reversed = await reversal(maker).expect(200);
    expect(reversed.body).toMatchObject({
      settlementId: paid.body.settlementId,
      status: 'reversed',
      reversal: { reason: 'Returned by the bank: account closed', by: 'acme-appliances' },
    });
    const again = await reversal(maker).expect(409);
    expect(again.body.type).toBe('/problems/settlement-reversed');

    const owedAgain = await payables(depotKey, {
      minPosition: reversed.body.position,
      status: 'open',
    });
    expect(owedAgain.items.map((item: { payableId: string }) => item.payableId)).toContain(payable);
    const repaid = await settle(maker, { ...body, reference: 'R-repaid' }).expect(201);
    const history = (
      await svc
        .http()
        .get('/v1/settlements')
        .query({ minPosition: repaid.body.position, payeeId: 'fixit-depot' })
        .set(as(maker))
        .expect(200)
    ).body.items.filter((settlement: { items: Array<{ payableId: string }> }) =>
      settlement.items.some((item) => item.payableId === payable),
    );
    expect(history.map((settlement: { status: string }) => settlement.status)).toEqual([
      'paid',
      'reversed',
    ]);
  });

  it("takes If-Match on a reversal as the settlement's ETag, which other payments to the payee leave alone", async () => {
    const [first, second] = [await closedRepair(4_000), await closedRepair(5_000)];
    await caughtUp();
    const pay = (payableId: string, reference: string) =>
      settle(maker, { payee: DEPOT, payableIds: [payableId], reference, paidOn: '2026-06-15' });
    const paid = await pay(first, 'R-etag-1').expect(201);
    const other = await pay(second, 'R-etag-2').expect(201);
    expect(other.body.revision).toBeGreaterThan(paid.body.revision);
    const read = async (minPosition: string) =>
      svc
        .http()
        .get(`/v1/settlements/${paid.body.settlementId}`)
        .query({ minPosition })
        .set(as(maker))
        .expect(200);
    const seen = await read(other.body.position);
    expect(seen.headers.etag).toBe(`"${paid.body.revision}"`);
    expect(seen.body.revision).toBe(paid.body.revision);
    const reverse = (ifMatch: string) =>
      svc
        .http()
        .post(`/v1/settlements/${paid.body.settlementId}/reversal`)
        .query({ minPosition: other.body.position })
        .set(as(maker))
        .set('If-Match', ifMatch)
        .send({ reason: 'Returned by the bank' });

    const reversed = await reverse(seen.headers.etag).expect(200);
    expect(reversed.body).toMatchObject({ status: 'reversed' });
    expect(reversed.headers.etag).toBe(`"${reversed.body.revision}"`);
    const after = await read(reversed.body.position);
    expect(after.headers.etag).toBe(reversed.headers.etag);
    expect(after.body).toEqual(
      (({ position: _position, ...view }) => view)(reversed.body as Record<string, unknown>),
    );

    // The settlement itself changed since: 412, speaking of the settlement and no stream.
    const stale = await reverse(seen.headers.etag).expect(412);
    expect(stale.body).toMatchObject({
      type: '/problems/stale-revision',
      currentRevision: reversed.body.revision,
      detail: `Settlement ${paid.body.settlementId} is at revision ${reversed.body.revision}, not ${paid.body.revision}`,
    });
    expect(JSON.stringify(stale.body)).not.toMatch(/settlement-acme|~/);
    // Recording takes no If-Match: a new settlement has no revision, and the ledger's is not the caller's.
    const third = await closedRepair(6_000);
    await caughtUp();
    await settle(maker, {
      payee: DEPOT,
      payableIds: [third],
      reference: 'R-etag-3',
      paidOn: '2026-06-15',
    })
      .set('If-Match', '"0"')
      .expect(201);
  });

  it('pages payables with a cursor and refuses one it did not give', async () => {
    for (let i = 0; i < 3; i++) await closedRepair(100 + i, { serviceCenterId: 'paged-depot' });
    await caughtUp();
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await payables(maker, {
        payeeId: 'paged-depot',
        limit: '2',
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...page.items.map((item: { payableId: string }) => item.payableId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(3);
    expect(new Set(seen).size).toBe(3);
    await svc.http().get('/v1/payables').query({ cursor: 'bm9wZQ' }).set(as(maker)).expect(400);
    // Cursors and instants that pass their pattern but that PostgreSQL would refuse: a 400, not a 500.
    const crafted = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');
    const refusedCursors: Array<[string, string]> = [
      ['/v1/settlements', Buffer.from('99999999999999999999').toString('base64url')],
      ['/v1/payables', crafted(['2026-02-30T00:00:00.000000Z', 'repair:x'])],
      ['/v1/payables/balances', crafted(['acme-appliances', 'retailer', 'a\u0000', 'EUR'])],
    ];
    for (const [path, cursor] of refusedCursors)
      await svc.http().get(path).query({ cursor }).set(as(auditor)).expect(400);
    await svc
      .http()
      .get('/v1/payables')
      .query({ owedThrough: '2026-06-30T10:00:00+16:00' })
      .set(as(maker))
      .expect(200);
  });

  it("tells the payee's webhook that it was paid, signed, and no other payee", async () => {
    const subscribe = async (key: string, path: string) =>
      (
        await svc
          .http()
          .post('/v1/webhook-subscriptions')
          .set(as(key))
          .send({ url: receiver.url(path), eventTypes: ['SettlementRecorded'] })
          .expect(201)
      ).body.secret as string;
    const secret = await subscribe(depotKey, `/paid/${feed}/depot`);
    await subscribe(
      await svc.keyFor(`other-depot-${feed}`, 'service_center'),
      `/paid/${feed}/other`,
    );
    await subscribe(retailKey, `/paid/${feed}/retail`);
    const payable = await closedRepair(6_000);
    const later = await closedRepair(1);
    await caughtUp();
    const paid = await settle(maker, {
      payee: DEPOT,
      payableIds: [payable],
      reference: 'R-hook',
      paidOn: '2026-06-15',
    }).expect(201);

    const [delivered] = await eventually(
      async () => receiver.at(`/paid/${feed}/depot`),
      (requests) => requests.length >= 1,
    );
    const message = new Webhook(secret).verify(
      delivered.body,
      delivered.headers as Record<string, string>,
    ) as { type: string; data: { subject: unknown; position: string } };
    expect(message.type).toBe('SettlementRecorded');
    expect(message.data.subject).toEqual({
      kind: 'settlement',
      id: paid.body.settlementId,
      href: `/v1/settlements/${paid.body.settlementId}`,
    });
    expect(message.data.position).toBe(paid.body.position);
    // Everything after the payment has gone through the outbox: nobody else was told.
    await settle(maker, {
      payee: DEPOT,
      payableIds: [later],
      reference: 'R-next',
      paidOn: '2026-06-15',
    }).expect(201);
    await eventually(
      async () => receiver.at(`/paid/${feed}/depot`).length,
      (count) => count >= 2,
    );
    const { rows } = await sql.query(
      `SELECT s.url, count(d.delivery_id)::int AS queued
         FROM webhook_subscriptions s LEFT JOIN webhook_deliveries d USING (subscription_id)
        WHERE s.url LIKE $1 GROUP BY s.url ORDER BY s.url`,
      [`%/paid/${feed}/%`],
    );
    expect(rows).toEqual([
      { url: receiver.url(`/paid/${feed}/depot`), queued: 2 },
      { url: receiver.url(`/paid/${feed}/other`), queued: 0 },
      { url: receiver.url(`/paid/${feed}/retail`), queued: 0 },
    ]);
  });

  it('rebuilds the payables from position zero through the admin API: the same rows, paid and reversed ones included', async () => {
    const admin = await svc.keyFor('platform-ops', 'admin');
    await caughtUp();
    const rows = async () => ({
      payables: (await sql.query(`SELECT * FROM settlement_payables ORDER BY payable_id`)).rows,
      settlements: (await sql.query(`SELECT * FROM settlements ORDER BY settlement_id`)).rows,
    });
    const before = await rows();
    expect(before.settlements.some((row) => row.reversed_at !== null)).toBe(true);
    expect(before.payables.some((row) => row.settlement_id !== null)).toBe(true);
    // A live row gone wrong: only a replay from the log puts it right.
    await sql.query(`UPDATE settlement_payables SET amount = 1 WHERE payable_id = $1`, [
      before.payables[0].payable_id,
    ]);

    const adminPath = '/v1/admin/settlement/projections';
    const listed = await svc.http().get(adminPath).set(as(admin)).expect(200);
    expect(listed.body.projections).toEqual([
      expect.objectContaining({ name: SETTLEMENT_PAYABLES, rebuildable: true, parked: [] }),
    ]);
    await svc.http().get(adminPath).set(as(maker)).expect(403);
    await svc.http().post(`${adminPath}/${SETTLEMENT_PAYABLES}/rebuild`).set(as(maker)).expect(403);
    const started = await svc
      .http()
      .post(`${adminPath}/${SETTLEMENT_PAYABLES}/rebuild`)
      .set(as(admin))
      .expect(202);
    expect(started.body).toMatchObject({ projection: SETTLEMENT_PAYABLES, state: 'running' });
    const outcome = await rebuildOutcome(`${adminPath}/${SETTLEMENT_PAYABLES}`, admin);
    expect(outcome).toMatchObject({ state: 'swapped', error: null });
    expect(outcome.applied).toBeGreaterThan(before.payables.length);
    expect(await rows()).toEqual(before);

    // The outbox sends webhooks: replaying it would send them again, so it is never rebuilt.
    const notifier = await svc.http().get('/v1/admin/notifier/projections').set(as(admin));
    expect(notifier.body.projections).toEqual([
      expect.objectContaining({ name: 'webhook-outbox', rebuildable: false }),
    ]);
    const refused = await svc
      .http()
      .post('/v1/admin/notifier/projections/webhook-outbox/rebuild')
      .set(as(admin))
      .expect(409);
    expect(refused.body.type).toBe('/problems/projection-not-rebuildable');
    await svc.http().post(`${adminPath}/webhook-outbox/rebuild`).set(as(admin)).expect(404);
  });

  it('parks an event it cannot store, keeps the other streams flowing, and says degraded', async () => {
    const poisoned = await closedRepair(1_000, { at: 'yesterday-ish' });
    // A reimbursement past what a number holds exactly is parked too, never skipped as nothing owed.
    const inexact = await closedRepair(90_071_992_547_409_900);
    const healthy = await closedRepair(1_000);
    await caughtUp();
    const ids = (await payables(maker)).items.map((item: { payableId: string }) => item.payableId);
    expect(ids).toContain(healthy);
    expect(ids).not.toContain(poisoned);
    expect(ids).not.toContain(inexact);
    const ready = await svc.http().get('/health/ready').expect(200);
    expect(ready.body).toMatchObject({
      status: 'degraded',
      details: { settlementPayables: { status: 'degraded', parked: 2 } },
    });

    // An operator sees them, and neither a redrive nor a rebuild gets past one before a fix.
    const admin = await svc.keyFor('platform-ops', 'admin');
    const adminPath = `/v1/admin/settlement/projections/${SETTLEMENT_PAYABLES}`;
    const stream = `repair-${poisoned.slice('repair:'.length)}`;
    const listed = await svc.http().get('/v1/admin/settlement/projections').set(as(admin));
    expect(listed.body.projections[0].parked).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ streamId: stream, eventType: 'RepairOrderClosed' }),
        expect.objectContaining({
          streamId: `repair-${inexact.slice('repair:'.length)}`,
          eventType: 'RepairOrderClosed',
          error: expect.stringContaining('costs.reimbursement'),
        }),
      ]),
    );
    expect(listed.body.projections[0].parked).toHaveLength(2);
    const redriven = await svc
      .http()
      .post(`${adminPath}/parked/${stream}/redrive`)
      .set(as(admin))
      .expect(409);
    expect(redriven.body.type).toBe('/problems/redrive-failed');
    await svc.http().post(`${adminPath}/parked/${stream}-none/redrive`).set(as(admin)).expect(404);
    await svc.http().post(`${adminPath}/rebuild`).set(as(admin)).expect(202);
    const failed = await rebuildOutcome(adminPath, admin);
    expect(failed.state).toBe('failed');
    expect(failed.error).toContain(`${stream}@1 (RepairOrderClosed)`);
    expect(
      (await payables(maker)).items.map((item: { payableId: string }) => item.payableId),
    ).toContain(healthy);
  });
});
