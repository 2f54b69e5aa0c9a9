import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { GENESIS_HASH } from '@warranty/event-store';
import {
  STANDARD_PLAN,
  unitRegistration,
  claimFiling,
  eventually,
  REPAIR_RATES,
} from '@warranty/testing';
import { startServiceUnderTest, type ServiceUnderTest } from '@warranty/testing/service-app';
import { ClaimsModule } from '../../../claims/src/claims.module';
import { ProjectionsApiModule } from '../../../projections/src/api/projections-api.module';
import { RegistrationModule } from '../../../registration/src/registration.module';
import { RepairsModule } from '../../../repairs/src/repairs.module';
import { ReturnsModule } from '../../../returns/src/returns.module';
import { WorkflowModule } from '../../../workflow/src/workflow.module';
import { AuditModule } from '../../src/audit.module';
import { verifyCaseFile } from '../../src/domain/case-file';

const run = promisify(execFile);
const ROOT = join(__dirname, '../../../..');
const auth = (key: string) => ({ Authorization: `Bearer ${key}` });
const DAY = 86_400_000;

describe('audit through HTTP and the CLI, on a case driven through the APIs', () => {
  let svc: ServiceUnderTest;
  let maker: string;
  let retailer: string;
  let otherRetailer: string;
  let depot: string;
  let auditor: string;
  let claimId: string;
  let productId: string;
  let rmaId: string;
  let repairOrderId: string;
  let serial = 0;
  const dir = mkdtempSync(join(tmpdir(), 'audit-'));

  const post = async (key: string, path: string, body: object = {}) => {
    const res = await svc.http().post(path).set(auth(key)).send(body);
    if (res.status !== 200 && res.status !== 201)
      throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const cli = (...args: string[]) =>
    run('node', ['-r', '@swc-node/register', 'services/admin-cli/src/main.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: svc.database.url },
      maxBuffer: 64 * 1024 * 1024,
    });

  async function filedClaim() {
    const serialNumber = `AUD-${++serial}`;
    const unit = await post(retailer, '/v1/products', unitRegistration(serialNumber));
    const filed = await post(retailer, '/v1/claims', claimFiling(serialNumber));
    return { claimId: filed.claimId as string, productId: unit.productId as string, serialNumber };
  }

  beforeAll(async () => {
    svc = await startServiceUnderTest((url) => [
      RegistrationModule,
      ClaimsModule,
      ReturnsModule.withTimers({ poll: false }),
      RepairsModule,
      WorkflowModule.forRoot({
        retry: { attempts: 3, initialDelayMs: 50, maxDelayMs: 200 },
        timers: { poll: false },
      }),
      ProjectionsApiModule.forRoot(url),
      AuditModule,
    ]);
    await svc.app.listen(0, '127.0.0.1');
    maker = await svc.keyFor('acme-appliances', 'manufacturer');
    retailer = await svc.keyFor('acme-retail', 'retailer');
    otherRetailer = await svc.keyFor('other-retail', 'retailer');
    depot = await svc.keyFor('fixit-depot', 'service_center');
    auditor = await svc.keyFor('audit-firm', 'auditor');
    await post(maker, '/v1/warranty-plans', STANDARD_PLAN);
    await svc
      .http()
      .put('/v1/repair-rates/fixit-depot')
      .set(auth(maker))
      .send(REPAIR_RATES)
      .expect(200);

    // Filed on 2026-06-15, reviewed and approved a day later: the workflow opens the RMA.
    const filed = await filedClaim();
    ({ claimId, productId } = filed);
    svc.clock.advance(DAY);
    await post(maker, `/v1/claims/${claimId}/review`);
    await post(maker, `/v1/claims/${claimId}/approval`, { resolution: 'repair' });
    const claim = await eventually(
      async () => (await svc.http().get(`/v1/claims/${claimId}`).set(auth(maker))).body,
      (c) => c.state === 'in_fulfilment',
    );
    rmaId = claim.fulfilment.rmaId;
    await post(retailer, `/v1/rmas/${rmaId}/shipment`, { carrier: 'DHL', trackingNumber: 'T-1' });
    await post(maker, `/v1/rmas/${rmaId}/receipt`, {
      lineId: 'line-1',
      serialNumber: filed.serialNumber,
    });
    await post(maker, `/v1/rmas/${rmaId}/inspection`, {
      lineId: 'line-1',
      grade: 'C',
      finding: 'defect_confirmed',
      disposition: 'repair',
    });
    const kase = await eventually(
      async () => (await svc.http().get(`/v1/cases/${claimId}`).set(auth(retailer))).body,
      (c) => c.repair !== null && c.repair !== undefined,
    );
    repairOrderId = kase.repair.repairOrderId;
    await post(depot, `/v1/repair-orders/${repairOrderId}/assignment`, { technician: 'tech-ana' });
  }, 180_000);
  afterAll(() => svc?.close());

  const verification = (streamId: string, key = auditor) =>
    svc
      .http()
      .get(`/v1/audit/streams/${encodeURIComponent(streamId)}/verification`)
      .set(auth(key));
  const history = (streamId: string, query: Record<string, string | number> = {}) =>
    svc
      .http()
      .get(`/v1/audit/streams/${encodeURIComponent(streamId)}/history`)
      .query(query)
      .set(auth(auditor));

  it('finds every stream kind of the case intact, for auditors and admins only', async () => {
    for (const stream of [
      `product-${productId}`,
      `claim-${claimId}`,
      `rma-${rmaId}`,
      `repair-${repairOrderId}`,
    ]) {
      const { body } = await verification(stream).expect(200);
      expect(body).toMatchObject({ status: 'intact', streamId: stream });
      expect(body.headHash).toMatch(/^[0-9a-f]{64}$/);
    }
    await verification(`claim-${claimId}`, await svc.keyFor('platform-ops', 'admin')).expect(200);
    await verification(`claim-${claimId}`, retailer).expect(403);
    await verification('claim-nobody').expect(404);
  });

  it('pages a stream’s history with who, why and the chain links', async () => {
    const all: Array<Record<string, unknown>> = [];
    let cursor: string | undefined;
    do {
      const { body } = await history(`claim-${claimId}`, {
        limit: 2,
        ...(cursor ? { cursor } : {}),
      }).expect(200);
      expect(body.events.length).toBeLessThanOrEqual(2);
      all.push(...body.events);
      cursor = body.nextCursor ?? undefined;
    } while (cursor);
    expect(all.map((e) => e.revision)).toEqual(all.map((_, i) => i));
    expect(all.length).toBeGreaterThanOrEqual(4);
    expect(all[0]).toMatchObject({
      type: 'ClaimFiled',
      role: 'retailer',
      actor: expect.objectContaining({ tenantId: 'acme-retail' }),
      correlationId: expect.any(String),
      causationId: expect.anything(),
      previousHash: GENESIS_HASH,
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    for (let i = 1; i < all.length; i++) expect(all[i].previousHash).toBe(all[i - 1].hash);
    const { body: verdict } = await verification(`claim-${claimId}`).expect(200);
    expect(all[all.length - 1].hash).toBe(verdict.headHash);
    await history(`claim-${claimId}`, { cursor: 'bm9wZQ' }).expect(400);
  });

  it('reads history as of an instant or a date alone (end of that day, UTC)', async () => {
    const { body: filedDay } = await history(`claim-${claimId}`, { asOf: '2026-06-15' }).expect(
      200,
    );
    expect(filedDay.asOf).toBe('2026-06-15T23:59:59.999Z');
    expect(filedDay.events.map((e: { type: string }) => e.type)).toEqual(['ClaimFiled']);
    const { body: later } = await history(`claim-${claimId}`, { asOf: '2026-06-16' }).expect(200);
    expect(later.events.length).toBeGreaterThan(1);
    const { body: early } = await history(`claim-${claimId}`, { asOf: '2026-06-14' }).expect(404);
    expect(early.type).toMatch(/not-yet-existing$/);
    await history(`rma-${rmaId}`, { asOf: '2026-06-15T12:00:00Z' }).expect(404);
    await history(`rma-${rmaId}`, { asOf: '2026-06-16' }).expect(200);
    await history(`claim-${claimId}`, { asOf: '2026-02-30' }).expect(400);
  });

  it('exports the case file with claim, RMA and repair; it verifies offline, and a changed byte names its line', async () => {
    const res = await svc
      .http()
      .get(`/v1/audit/cases/${claimId}/export`)
      .set(auth(auditor))
      .buffer(true)
      .parse((r, done) => {
        let text = '';
        r.on('data', (chunk: Buffer) => (text += chunk.toString()));
        r.on('end', () => done(null, text));
      })
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const text = res.body as string;
    const lines = text.trimEnd().split('\n');
    const manifest = JSON.parse(lines[0]);
    expect(manifest.streams.map((s: { streamId: string }) => s.streamId)).toEqual([
      `claim-${claimId}`,
      `rma-${rmaId}`,
      `repair-${repairOrderId}`,
    ]);
    const events = lines.slice(1).map((l) => JSON.parse(l));
    expect(events.length).toBe(manifest.events);
    const positions = events.map((e) => BigInt(e.position));
    expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(verifyCaseFile(text)).toMatchObject({ status: 'valid', events: events.length });

    const file = join(dir, 'case.jsonl');
    writeFileSync(file, text);
    const { stdout } = await cli('audit', 'verify', '--file', file);
    expect(stdout).toContain(`valid case file of ${claimId}: ${events.length} events in 3 streams`);

    // One byte of the RMA's first event line: the line names itself.
    const target = lines.findIndex((l) =>
      l.startsWith(`{"kind":"event","streamId":"rma-${rmaId}"`),
    );
    expect(target).toBeGreaterThan(1);
    const tampered = [...lines];
    tampered[target] = tampered[target].replace('"revision":0', '"revision":1');
    expect(tampered[target]).not.toBe(lines[target]);
    writeFileSync(file, `${tampered.join('\n')}\n`);
    await expect(cli('audit', 'verify', '--file', file)).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining(`line ${target + 1}:`),
    });

    // The CLI exports the same case file (but for the export time).
    const { stdout: exported } = await cli('audit', 'export', claimId);
    expect(verifyCaseFile(exported)).toMatchObject({ status: 'valid', events: events.length });
    // The line hashes chain from the manifest, whose export time differs.
    const withoutLineHash = (file: string) =>
      file
        .trimEnd()
        .split('\n')
        .slice(1)
        .map((l) => ({ ...JSON.parse(l), lineHash: undefined }));
    expect(withoutLineHash(exported)).toEqual(withoutLineHash(text));
  }, 60_000);

  it('lets the claim’s retailer and manufacturer export it; to other retailers it does not exist', async () => {
    await svc.http().get(`/v1/audit/cases/${claimId}/export`).set(auth(retailer)).expect(200);
    await svc.http().get(`/v1/audit/cases/${claimId}/export`).set(auth(maker)).expect(200);
    await svc.http().get(`/v1/audit/cases/${claimId}/export`).set(auth(otherRetailer)).expect(404);
    await svc.http().get(`/v1/audit/cases/no-such-claim/export`).set(auth(auditor)).expect(404);
  });

  it('names exactly the revision a superuser edited with SQL after dropping the trigger (HTTP and CLI)', async () => {
    const edited = await filedClaim();
    await post(maker, `/v1/claims/${edited.claimId}/review`);
    await post(maker, `/v1/claims/${edited.claimId}/info-requests`, {
      question: 'Photos of the drum, please',
      dueBy: '2026-07-01T17:00:00Z',
    });
    const stream = `claim-${edited.claimId}`;
    const before = await verification(stream).expect(200);
    expect(before.body).toMatchObject({ status: 'intact' });
    expect(before.body.events).toBeGreaterThanOrEqual(3);

    const sql = new Client({ connectionString: svc.database.url });
    await sql.connect();
    try {
      await sql.query('DROP TRIGGER IF EXISTS events_append_only ON event_store.events');
      const { rowCount } = await sql.query(
        `UPDATE event_store.events SET data = jsonb_set(data, '{edited}', 'true')
          WHERE stream_id = $1 AND revision = 1`,
        [stream],
      );
      expect(rowCount).toBe(1);
    } finally {
      await sql.end();
    }

    const { body } = await verification(stream).expect(200);
    expect(body).toMatchObject({
      status: 'broken',
      streamId: stream,
      revision: 1,
      foundHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      expectedHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(body.expectedHash).not.toBe(body.foundHash);
    await verification(`claim-${claimId}`).expect(200, /"intact"/);

    await expect(cli('audit', 'verify', '--stream', stream)).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining(`broken ${stream} at revision 1:`),
    });
    const all = cli('audit', 'verify', '--all');
    await expect(all).rejects.toMatchObject({
      code: 1,
      stdout: `broken ${stream} at revision 1: the stored hash does not match the event; expected ${body.expectedHash}, found ${body.foundHash}\n`,
      stderr: expect.stringContaining('1 broken stream(s)'),
    });
    const { stdout } = await cli('audit', 'verify', '--stream', `claim-${claimId}`);
    expect(stdout).toMatch(
      new RegExp(`^intact claim-${claimId}: \\d+ events, head [0-9a-f]{64}\\n$`),
    );
  }, 60_000);
});
