import { randomUUID } from 'node:crypto';
import { EVENT_STORE, type EventStore } from '@warranty/event-store';
import { STANDARD_PLAN, unitRegistration } from '@warranty/testing';
import { startServiceUnderTest, type ServiceUnderTest } from '@warranty/testing/service-app';
import { ProductCommands } from '../../../registration/src/application/product-commands.service';
import { RegistrationModule } from '../../../registration/src/registration.module';
import { ClaimsModule } from '../../src/claims.module';
import { claimantStream } from '../../src/domain/claimant-history';

const SHA = 'a'.repeat(64);

describe('Claims API', () => {
  let svc: ServiceUnderTest;
  let maker: string;
  let retailer: string;
  let otherRetailer: string;
  let otherMaker: string;
  let auditor: string;
  let serial = 0;
  const auth = (key: string) => ({ Authorization: `Bearer ${key}` });

  beforeAll(async () => {
    svc = await startServiceUnderTest(() => [RegistrationModule, ClaimsModule]);
    maker = await svc.keyFor('acme-appliances', 'manufacturer');
    otherMaker = await svc.keyFor('globex', 'manufacturer');
    retailer = await svc.keyFor('acme-retail', 'retailer');
    otherRetailer = await svc.keyFor('bright-electronics', 'retailer');
    auditor = await svc.keyFor('audit-partners', 'auditor');
    await svc.http().post('/v1/warranty-plans').set(auth(maker)).send(STANDARD_PLAN).expect(201);
  });
  afterAll(() => svc?.close());

  /** A registered unit bought on 2026-01-10 (the test clock is 2026-06-15). */
  async function registeredUnit(): Promise<string> {
    const serialNumber = `CLM-${++serial}`;
    await svc
      .http()
      .post('/v1/products')
      .set(auth(retailer))
      .send(unitRegistration(serialNumber))
      .expect(201);
    return serialNumber;
  }

  const claim = (serialNumber: string, overrides: Record<string, unknown> = {}) => ({
    manufacturerId: 'acme-appliances',
    serialNumber,
    failureDate: '2026-06-01',
    defect: { category: 'electrical', description: 'Drum stops mid-cycle, error E21' },
    evidence: [
      { kind: 'photo', uri: 'https://files.example.com/e21.jpg', sha256: SHA, sizeBytes: 48211 },
    ],
    customer: { name: 'Ada Lovelace', email: `ada+${serialNumber}@example.com` },
    requestedResolution: 'repair',
    ...overrides,
  });
  const file = (body: Record<string, unknown>, key = retailer) =>
    svc.http().post('/v1/claims').set(auth(key)).send(body);
  const act = (claimId: string, action: string, key: string, body: Record<string, unknown> = {}) =>
    svc.http().post(`/v1/claims/${claimId}/${action}`).set(auth(key)).send(body);

  it('files a claim with the coverage assessed on the failure date', async () => {
    const res = await file(claim(await registeredUnit())).expect(201);
    expect(res.body).toMatchObject({
      state: 'submitted',
      retailerId: 'acme-retail',
      productId: expect.stringMatching(/^acme-appliances~CLM-/),
      coverage: {
        covered: true,
        planCode: 'STD-24',
        endDate: '2028-01-09',
        source: 'registration',
      },
      revision: 0,
    });
    expect(res.headers.location).toBe(`/v1/claims/${res.body.claimId}`);
  });

  it('assesses a claim on a unit an exchange replaced uncovered, and its replacement covered', async () => {
    const serialNumber = await registeredUnit();
    await svc.app.get(ProductCommands).registerReplacement(
      {
        manufacturerId: 'acme-appliances',
        serialNumber: `${serialNumber}-R`,
        replacesProductId: `acme-appliances~${serialNumber}`,
      },
      {
        actor: { id: 'exchange-replacements', role: 'system', tenantId: 'acme-appliances' },
        correlationId: randomUUID(),
        commandId: randomUUID(),
      },
    );
    const replaced = await file(claim(serialNumber)).expect(201);
    expect(replaced.body.coverage).toMatchObject({
      covered: false,
      reason: 'replaced',
      source: 'registration',
    });
    const replacement = await file(claim(`${serialNumber}-R`)).expect(201);
    expect(replacement.body.coverage).toMatchObject({ covered: true, endDate: '2028-01-09' });
  });

  it('accepts a claim on an unregistered unit with a receipt, and one out of warranty, assessed uncovered', async () => {
    const receipt = await file(
      claim('NEVER-REG-1', {
        proofOfPurchase: { date: '2024-01-01', retailerId: 'acme-retail', reference: 'INV-1' },
      }),
    ).expect(201);
    expect(receipt.body.coverage).toMatchObject({
      covered: false,
      reason: 'expired',
      source: 'proof_of_purchase',
    });
    const recent = await file(
      claim('NEVER-REG-3', {
        proofOfPurchase: { date: '2026-02-01', retailerId: 'acme-retail', reference: 'INV-3' },
      }),
    ).expect(201);
    expect(recent.body.coverage).toMatchObject({
      covered: true,
      planCode: 'RECEIPT-12M',
      endDate: '2027-01-31',
      source: 'proof_of_purchase',
    });
    await file(claim('NEVER-REG-2')).expect(400);
  });

  it('refuses a second open claim for the same defect, naming the open claim, and allows another defect', async () => {
    const serialNumber = await registeredUnit();
    const first = await file(claim(serialNumber)).expect(201);
    const second = await file(
      claim(serialNumber, { defect: { category: ' Electrical ', description: 'again' } }),
    ).expect(409);
    expect(second.body).toMatchObject({ openClaimId: first.body.claimId, category: 'electrical' });
    await file(
      claim(serialNumber, { defect: { category: 'cosmetic', description: 'scratched door' } }),
    ).expect(201);
  });

  it('lets exactly one of simultaneous filings for one defect succeed', async () => {
    const serialNumber = await registeredUnit();
    const results = await Promise.all(Array.from({ length: 6 }, () => file(claim(serialNumber))));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    const winner = results.find((r) => r.status === 201)!;
    for (const r of results.filter((x) => x.status === 409))
      expect(r.body.openClaimId).toBe(winner.body.claimId);
  });

  it('runs the whole lifecycle as each role, with 409s naming the state', async () => {
    const { body: filed } = await file(claim(await registeredUnit())).expect(201);
    const id = filed.claimId;
    await act(id, 'approval', maker, { resolution: 'repair' })
      .expect(409)
      .expect((r) => expect(r.body.state).toBe('submitted'));
    await act(id, 'review', retailer).expect(403);
    await act(id, 'review', maker).expect(200);
    await act(id, 'info-requests', maker, {
      question: 'Rating plate photo?',
      dueBy: '2026-06-20T17:00:00Z',
    }).expect(200);
    await act(id, 'info', retailer, {
      answer: 'Attached',
      attachments: [
        { kind: 'photo', uri: 'https://f.example.com/p.jpg', sha256: SHA, sizeBytes: 10 },
      ],
    }).expect(200);
    await act(id, 'rejection', maker, { reasonCode: 'insufficient_evidence' }).expect(200);
    await act(id, 'appeal', retailer, { grounds: 'New photos' }).expect(200);
    await act(id, 'appeal', retailer, { grounds: 'Again' }).expect(409);
    await act(id, 'review', maker).expect(200);
    const approved = await act(id, 'approval', maker, {
      resolution: 'refund',
      approvedAmount: { amount: 12900, currency: 'EUR' },
    }).expect(200);
    expect(approved.body).toMatchObject({
      state: 'approved',
      approval: { resolution: 'refund', approvedAmount: { amount: 12900 } },
    });
    await act(id, 'resolution', maker, { outcome: 'refunded' }).expect(200);
    const closed = await act(id, 'closure', maker).expect(200);
    expect(closed.body.state).toBe('closed');
    const after = await act(id, 'withdrawal', retailer, { reason: 'late' }).expect(409);
    expect(after.body.state).toBe('closed');
    // The closed claim released its category: the unit can get a new claim for it.
    await file(claim(filed.serialNumber)).expect(201);
  });

  it('lets the retailer withdraw before a decision, and honours If-Match', async () => {
    const { body: filed } = await file(claim(await registeredUnit())).expect(201);
    await svc
      .http()
      .post(`/v1/claims/${filed.claimId}/withdrawal`)
      .set(auth(retailer))
      .set('If-Match', '"3"')
      .send({ reason: 'fixed' })
      .expect(412);
    const res = await svc
      .http()
      .post(`/v1/claims/${filed.claimId}/withdrawal`)
      .set(auth(retailer))
      .set('If-Match', '"0"')
      .send({ reason: 'fixed' })
      .expect(200);
    expect(res.body.state).toBe('withdrawn');
  });

  it('approves an uncovered claim only as goodwill', async () => {
    const { body: filed } = await file(
      claim('NO-COVER-1', {
        proofOfPurchase: { date: '2023-01-01', retailerId: 'acme-retail', reference: 'INV-9' },
      }),
    ).expect(201);
    await act(filed.claimId, 'review', maker).expect(200);
    const refused = await act(filed.claimId, 'approval', maker, { resolution: 'repair' }).expect(
      400,
    );
    expect(refused.body.type).toBe('/problems/not-covered-needs-goodwill');
    await act(filed.claimId, 'approval', maker, { resolution: 'repair', goodwill: true }).expect(
      200,
    );
  });

  it("caps a refund or credit at the unit's price, in its currency, above nothing, and writes nothing otherwise", async () => {
    // unitRegistration sells the unit for 1299.00 EUR.
    const { body: filed } = await file(claim(await registeredUnit())).expect(201);
    const id = filed.claimId;
    await act(id, 'review', maker).expect(200);
    const history = () => svc.http().get(`/v1/claims/${id}/history`).set(auth(maker));
    const before = (await history().expect(200)).body.events.length;
    for (const [resolution, approvedAmount, goodwill, type, field] of [
      ['refund', { amount: 20_000_000, currency: 'EUR' }, false, 'amount-exceeds-price', 'amount'],
      ['refund', { amount: 129_901, currency: 'EUR' }, true, 'amount-exceeds-price', 'amount'],
      ['credit', { amount: 100_000, currency: 'USD' }, false, 'currency-mismatch', 'currency'],
      [
        'credit',
        { amount: 9007199254740991, currency: 'JPY' },
        false,
        'currency-mismatch',
        'currency',
      ],
      ['refund', { amount: 0, currency: 'EUR' }, false, 'invalid-amount', 'amount'],
    ] as const) {
      const refused = await act(id, 'approval', maker, { resolution, approvedAmount, goodwill })
        .expect(400)
        .expect('Content-Type', /application\/problem\+json/);
      expect(refused.body).toMatchObject({
        type: `/problems/${type}`,
        errors: [{ field: `approvedAmount.${field}` }],
      });
    }
    expect((await history().expect(200)).body.events).toHaveLength(before);
    const refunded = await act(id, 'approval', maker, {
      resolution: 'refund',
      approvedAmount: { amount: 129_900, currency: 'EUR' },
    }).expect(200);
    expect(refunded.body.approval.approvedAmount).toEqual({ amount: 129_900, currency: 'EUR' });
  });

  it('knows no price on a receipt, so only refuses a refund of nothing there', async () => {
    const { body: filed } = await file(
      claim(`RECEIPT-${++serial}`, {
        proofOfPurchase: { date: '2026-02-01', retailerId: 'acme-retail', reference: 'R-1' },
      }),
    ).expect(201);
    await act(filed.claimId, 'review', maker).expect(200);
    const zero = await act(filed.claimId, 'approval', maker, {
      resolution: 'credit',
      approvedAmount: { amount: 0, currency: 'EUR' },
    }).expect(400);
    expect(zero.body.type).toBe('/problems/invalid-amount');
    await act(filed.claimId, 'approval', maker, {
      resolution: 'credit',
      approvedAmount: { amount: 5_000, currency: 'GBP' },
    }).expect(200);
  });

  it('hides a claim from other tenants as 404, and shows it to its parties and auditors', async () => {
    const { body: filed } = await file(claim(await registeredUnit())).expect(201);
    for (const key of [retailer, maker, auditor])
      await svc.http().get(`/v1/claims/${filed.claimId}`).set(auth(key)).expect(200);
    for (const key of [otherRetailer, otherMaker]) {
      await svc.http().get(`/v1/claims/${filed.claimId}`).set(auth(key)).expect(404);
      await svc.http().get(`/v1/claims/${filed.claimId}/history`).set(auth(key)).expect(404);
    }
    await act(filed.claimId, 'review', otherMaker).expect(404);
    await svc
      .http()
      .get('/v1/claims/7b0e4a0e-0000-4000-8000-000000000000')
      .set(auth(retailer))
      .expect(404);
  });

  describe('filing on a unit another retailer sold answers as for a unit the caller never registered', () => {
    const receipt = { date: '2026-02-01', retailerId: 'bright-electronics', reference: 'B-1' };
    /** The body without what differs between any two filings. */
    const comparable = (body: Record<string, unknown>) => {
      const {
        claimId: _id,
        serialNumber: _sn,
        filedAt: _at,
        updatedAt: _u,
        position: _p,
        customer: _c,
        ...rest
      } = body;
      return rest;
    };

    it('201: no registration of the other retailer is echoed', async () => {
      const sold = await registeredUnit();
      const never = `NEVER-SOLD-${++serial}`;
      const onSold = await file(claim(sold, { proofOfPurchase: receipt }), otherRetailer).expect(
        201,
      );
      const onNever = await file(claim(never, { proofOfPurchase: receipt }), otherRetailer).expect(
        201,
      );
      expect(onSold.body).toMatchObject({
        productId: null,
        purchaseDate: '2026-02-01',
        coverage: { planCode: 'RECEIPT-12M', source: 'proof_of_purchase' },
      });
      expect(comparable(onSold.body)).toEqual(comparable(onNever.body));
      const text = JSON.stringify(onSold.body);
      for (const leak of ['acme-retail', 'STD-24', '2026-01-10', '2028-01-09', 'WM-9000'])
        expect(text).not.toContain(leak);
      // Without a receipt: the same refusal as for a unit nobody registered.
      const bare = await file(claim(sold), otherRetailer).expect(400);
      const bareNever = await file(claim(never), otherRetailer).expect(400);
      expect(bare.body.errors).toEqual(bareNever.body.errors);
    });

    it("409: never names or reveals the other retailer's open claim", async () => {
      const sold = await registeredUnit();
      const { body: theirs } = await file(claim(sold)).expect(201);
      const mine = await file(claim(sold, { proofOfPurchase: receipt }), otherRetailer).expect(201);
      expect(mine.body.flags).toEqual([]);
      const again = await file(claim(sold, { proofOfPurchase: receipt }), otherRetailer).expect(
        409,
      );
      expect(again.body.openClaimId).toBe(mine.body.claimId);
      expect(JSON.stringify([mine.body, again.body])).not.toContain(theirs.claimId);
    });

    it('flags a duplicate of another retailer for the manufacturer alone, and counts it on the unit', async () => {
      const sold = await registeredUnit();
      const { body: theirs } = await file(claim(sold)).expect(201);
      const noise = { defect: { category: 'noise', description: 'Grinding' } };
      const { body: same } = await file(
        claim(sold, { proofOfPurchase: receipt }),
        otherRetailer,
      ).expect(201);
      const { body: third } = await file(
        claim(sold, { proofOfPurchase: receipt, ...noise }),
        otherRetailer,
      ).expect(201);
      const read = (id: string, key: string, path = '') =>
        svc.http().get(`/v1/claims/${id}${path}`).set(auth(key)).expect(200);
      for (const key of [maker, auditor]) {
        expect((await read(theirs.claimId, key)).body.flags).toEqual([]);
        expect((await read(same.claimId, key)).body.flags).toEqual(['open_claim_on_unit']);
        expect((await read(third.claimId, key)).body.flags).toEqual(['many_claims_on_unit']);
      }
      // The filing retailer learns nothing of the other claim: not on filing, reading or history.
      const seen = [same, third];
      for (const { claimId } of [same, third])
        seen.push(
          (await read(claimId, otherRetailer)).body,
          (await read(claimId, otherRetailer, '/history')).body,
        );
      const text = JSON.stringify(seen);
      for (const leak of ['open_claim_on_unit', 'many_claims_on_unit', theirs.claimId])
        expect(text).not.toContain(leak);
      // The manufacturer's answers to its own commands carry the flag too.
      const reviewed = await act(same.claimId, 'review', maker).expect(200);
      expect(reviewed.body.flags).toEqual(['open_claim_on_unit']);
    });

    it('keys the duplicate by the unit when both claims rest on receipts', async () => {
      const never = `NEVER-SOLD-${++serial}`;
      const ours = { date: '2026-02-01', retailerId: 'acme-retail', reference: 'A-1' };
      await file(claim(never, { proofOfPurchase: ours })).expect(201);
      const { body: dup } = await file(
        claim(never, { proofOfPurchase: receipt }),
        otherRetailer,
      ).expect(201);
      expect(dup.flags).toEqual([]);
      const seen = await svc.http().get(`/v1/claims/${dup.claimId}`).set(auth(maker)).expect(200);
      expect(seen.body.flags).toEqual(['open_claim_on_unit']);
      // The same retailer's second claim for the defect is the 409 naming its open claim.
      const again = await file(claim(never, { proofOfPurchase: receipt }), otherRetailer).expect(
        409,
      );
      expect(again.body.openClaimId).toBe(dup.claimId);
    });

    it('a service center sees no claim, and a claim of another retailer is 404', async () => {
      const depot = await svc.keyFor('fixit-depot', 'service_center');
      const { body: filed } = await file(claim(await registeredUnit())).expect(201);
      await svc.http().get(`/v1/claims/${filed.claimId}`).set(auth(depot)).expect(404);
      await svc.http().get(`/v1/claims/${filed.claimId}/history`).set(auth(depot)).expect(404);
      await svc.http().get(`/v1/claims/${filed.claimId}`).set(auth(otherRetailer)).expect(404);
    });
  });

  it('tells the history with actors and correlation ids, and the claim as it stood at an instant', async () => {
    const { body: filed, headers: echoed } = await file(claim(await registeredUnit()))
      .set('X-Correlation-Id', 'corr-claim-1')
      .expect(201);
    expect(echoed['x-correlation-id']).toBe('corr-claim-1');
    svc.clock.advance(60_000);
    const { headers: made } = await act(filed.claimId, 'review', maker).expect(200);
    expect(made['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
    svc.clock.advance(60_000);
    await act(filed.claimId, 'rejection', maker, { reasonCode: 'misuse' }).expect(200);

    const { body } = await svc
      .http()
      .get(`/v1/claims/${filed.claimId}/history`)
      .set(auth(auditor))
      .expect(200);
    expect(body.events.map((e: { type: string }) => e.type)).toEqual([
      'ClaimFiled',
      'ClaimReviewStarted',
      'ClaimRejected',
    ]);
    expect(body.events[0]).toMatchObject({
      revision: 0,
      actor: { role: 'retailer', tenantId: 'acme-retail' },
      correlationId: 'corr-claim-1',
    });
    expect(body.events[1].correlationId).toBe(made['x-correlation-id']);
    expect(body.events[2].actor).toMatchObject({
      role: 'manufacturer',
      tenantId: 'acme-appliances',
    });

    const reviewAt = body.events[1].occurredAt;
    const asOf = await svc
      .http()
      .get(`/v1/claims/${filed.claimId}`)
      .query({ asOf: reviewAt })
      .set(auth(retailer))
      .expect(200);
    expect(asOf.body).toMatchObject({ state: 'under_review', revision: 1 });
    const historyThen = await svc
      .http()
      .get(`/v1/claims/${filed.claimId}/history`)
      .query({ asOf: reviewAt })
      .set(auth(retailer))
      .expect(200);
    expect(historyThen.body.events.map((e: { type: string }) => e.type)).toEqual([
      'ClaimFiled',
      'ClaimReviewStarted',
    ]);
    for (const [asOf, status, type] of [
      ['2020-01-01T00:00:00Z', 404, '/problems/not-yet-existing'],
      ['garbage', 400, '/problems/validation'],
    ] as const)
      await svc
        .http()
        .get(`/v1/claims/${filed.claimId}/history`)
        .query({ asOf })
        .set(auth(retailer))
        .expect(status)
        .expect((res) => expect(res.body.type).toBe(type));
    const before = await svc
      .http()
      .get(`/v1/claims/${filed.claimId}`)
      .query({ asOf: '2020-01-01T00:00:00Z' })
      .set(auth(retailer));
    expect(before.status).toBe(404);
    expect(before.body.type).toBe('/problems/not-yet-existing');
    const unknown = await svc
      .http()
      .get(`/v1/claims/${randomUUID()}`)
      .query({ asOf: '2020-01-01T00:00:00Z' })
      .set(auth(retailer));
    expect(unknown.status).toBe(404);
    expect(unknown.body.type).toBe('/problems/claim-not-found');
    const now = await svc.http().get(`/v1/claims/${filed.claimId}`).set(auth(retailer)).expect(200);
    expect(now.body.state).toBe('rejected');
    expect(now.headers.etag).toBe('"2"');
  });

  it('flags claims for review: soon after purchase and many on one unit', async () => {
    await svc
      .http()
      .put('/v1/claim-review-policy')
      .set(auth(maker))
      .send({ maxClaimsPerUnit: 1 })
      .expect(200);
    const serialNumber = await registeredUnit();
    const first = await file(
      claim(serialNumber, { defect: { category: 'noise', description: 'loud' } }),
    ).expect(201);
    expect(first.body.flags).toEqual([]);
    const second = await file(
      claim(serialNumber, { defect: { category: 'leak', description: 'water' } }),
    ).expect(201);
    expect(second.body.flags).toContain('many_claims_on_unit');
    await svc
      .http()
      .put('/v1/claim-review-policy')
      .set(auth(maker))
      .send({ maxClaimsPerUnit: 2, soonAfterPurchaseDays: 200 })
      .expect(200);
    const soon = await file(claim(await registeredUnit())).expect(201);
    expect(soon.body.flags).toContain('filed_soon_after_purchase');
    await svc
      .http()
      .put('/v1/claim-review-policy')
      .set(auth(maker))
      .send({ soonAfterPurchaseDays: 30 })
      .expect(200);
    // Null is not "keep its value": it would be stored as the threshold.
    const refused = await svc
      .http()
      .put('/v1/claim-review-policy')
      .set(auth(maker))
      .send({ maxClaimsPerUnit: null, soonAfterPurchaseDays: 10 })
      .expect(400);
    expect(new Set(refused.body.errors.map((e: { field: string }) => e.field))).toEqual(
      new Set(['maxClaimsPerUnit']),
    );
  });

  it('refuses bad input with field errors and writes nothing', async () => {
    const serialNumber = await registeredUnit();
    const res = await file(
      claim(serialNumber, {
        failureDate: 'yesterday',
        requestedResolution: 'magic',
        evidence: [{ kind: 'photo', uri: 'x', sha256: 'no', sizeBytes: 0 }],
      }),
    ).expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'evidence[0].sha256',
      'evidence[0].sizeBytes',
      'evidence[0].uri',
      'failureDate',
      'requestedResolution',
    ]);
    const future = await file(claim(serialNumber, { failureDate: '2026-12-01' })).expect(400);
    expect(future.body.errors[0].field).toBe('failureDate');
    await file(claim(serialNumber), maker).expect(403);
    // Nothing was reserved: a valid claim for the same defect goes through.
    await file(claim(serialNumber)).expect(201);
  });

  it('replays an idempotent filing instead of filing twice', async () => {
    const body = claim(await registeredUnit());
    const first = await file(body).set('Idempotency-Key', 'claim-abc').expect(201);
    const again = await file(body).set('Idempotency-Key', 'claim-abc').expect(201);
    expect(again.body.claimId).toBe(first.body.claimId);
  });

  it('files 20 simultaneous claims of one customer on 20 units, all 201, each counted once', async () => {
    const email = 'busy.customer@example.com';
    const serials = await Promise.all(Array.from({ length: 20 }, () => registeredUnit()));
    const results = await Promise.all(
      serials.map((serialNumber, i) =>
        file(claim(serialNumber, { customer: { name: 'Busy', email } })).set(
          'Idempotency-Key',
          `busy-${i}`,
        ),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(serials.map(() => 201));
    const ids = results.map((r) => r.body.claimId as string);
    expect(new Set(ids).size).toBe(20);
    for (const id of ids) await svc.http().get(`/v1/claims/${id}`).set(auth(retailer)).expect(200);
    // The 21st filing sees all 20 before it: the customer is flagged.
    const next = await file(
      claim(await registeredUnit(), { customer: { name: 'Busy', email } }),
    ).expect(201);
    expect(next.body.flags).toContain('many_claims_by_customer');
    const history = await svc.app
      .get<EventStore>(EVENT_STORE)
      .readStream(claimantStream('acme-appliances', email));
    expect(new Set(history.map((e) => (e.data as { claimId: string }).claimId)).size).toBe(21);
    expect(history).toHaveLength(21);
  });
});
