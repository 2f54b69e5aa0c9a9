import { NestFactory } from '@nestjs/core';
import autocannon from 'autocannon';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import { Client } from 'pg';
import {
  ApiKeys,
  applicationModule,
  configureApp,
  createHttpAdapter,
  MAX_REQUESTS_PER_MINUTE,
} from '@warranty/platform';
import { benchDatabase, cpuMeter, formatRate, progress } from '@warranty/testing/bench';
import { ProjectionsApiModule } from '../../services/projections/src/api/projections-api.module';
import { ClaimsModule } from '../../services/claims/src/claims.module';
import { RegistrationModule } from '../../services/registration/src/registration.module';
import { RepairsModule } from '../../services/repairs/src/repairs.module';
import { ReturnsModule } from '../../services/returns/src/returns.module';
import { startInsertFloor } from './insert-floor';
import { FrameworkOnlyModule } from './framework-only.module';
import { PlatformOnlyModule } from './platform-only.module';
import { SlaModule } from '../../services/sla/src/sla.module';
import { generateTimers, insertTimers } from '../../services/sla/test/projections/generated-timers';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

interface Figures {
  name: string;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** CPU per request, in ms: this process (server and load generator) and PostgreSQL. */
  cpu: { node: number; postgres?: number };
}

async function run(name: string, options: autocannon.Options): Promise<Figures> {
  progress(`${name}: ${CONNECTIONS} connections for ${SECONDS} s`);
  const spent = cpuMeter();
  const result = await autocannon({ connections: CONNECTIONS, duration: SECONDS, ...options });
  const cpu = spent();
  const perRequest = (ms: number) => ms / Math.max(1, result.requests.total);
  if (process.env.BENCH_DEBUG)
    console.log(
      JSON.stringify({
        ...result,
        latency: undefined,
        requests: result.requests,
        statusCodeStats: result.statusCodeStats,
      }),
    );
  return {
    name,
    requests: result.requests.total,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.non2xx + result.errors + result.timeouts,
    cpu: {
      node: perRequest(cpu.node),
      postgres: cpu.postgres === undefined ? undefined : perRequest(cpu.postgres),
    },
  };
}

interface BesideFloor {
  endpoint: Figures;
  floor: Figures;
}

/** Waits until this process is nearly idle (projections caught up), so a round does not pay for the last. */
async function settle(): Promise<void> {
  for (let i = 0; i < 80; i++) {
    const before = process.cpuUsage();
    await new Promise((r) => setTimeout(r, 250));
    const used = process.cpuUsage(before);
    if ((used.user + used.system) / 1000 < 250 * 0.15) return;
  }
}

/**
 * One floor round, then the endpoint's round, back to back: the machine is shared, so only ratios
 * measured next to each other mean anything. The floor gets a body of the endpoint's size.
 */
async function besideFloor(
  floorUrl: string,
  name: string,
  options: autocannon.Options,
  sampleBody: string,
): Promise<BesideFloor> {
  await settle();
  const floor = await run(`floor for ${name}`, {
    url: `${floorUrl}/floor`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: sampleBody,
  });
  await settle();
  const endpoint = await profiled(name, () => run(name, options));
  return { endpoint, floor };
}

/**
 * BENCH_CPU_PROFILE=dir writes a .cpuprofile of each endpoint round (not of its floor round) there;
 * BENCH_HEAP_PROFILE=dir a .heapprofile of what the round allocated, collected objects included.
 */
async function profiled<T>(name: string, round: () => Promise<T>): Promise<T> {
  const cpuDir = process.env.BENCH_CPU_PROFILE;
  const heapDir = process.env.BENCH_HEAP_PROFILE;
  if (!cpuDir && !heapDir) return round();
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
    );
  if (cpuDir) await post('Profiler.enable').then(() => post('Profiler.start'));
  if (heapDir)
    await post('HeapProfiler.startSampling', {
      samplingInterval: 16_384,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
  const result = await round();
  const file = (dir: string, extension: string) => {
    mkdirSync(dir, { recursive: true });
    return join(dir, `${name.replace(/[^a-z0-9]+/gi, '-')}.${extension}`);
  };
  if (cpuDir) {
    const { profile } = (await post('Profiler.stop')) as { profile: object };
    writeFileSync(file(cpuDir, 'cpuprofile'), JSON.stringify(profile));
  }
  if (heapDir) {
    const { profile } = (await post('HeapProfiler.stopSampling')) as { profile: object };
    writeFileSync(file(heapDir, 'heapprofile'), JSON.stringify(profile));
  }
  session.disconnect();
  return result;
}

/** CPU ms per request as "node+postgres", the two sides that share the machine's cores. */
const cpuSplit = ({ cpu }: Figures) =>
  `${cpu.node.toFixed(2)}+${cpu.postgres === undefined ? '?' : cpu.postgres.toFixed(2)}`;

function printBesideFloor(rows: BesideFloor[]): void {
  console.log(
    'endpoint                                  req/s   p50 ms  p99 ms  errors | floor req/s  p50 ms  p99 ms | ratio | CPU ms/req node+pg: endpoint, floor',
  );
  for (const { endpoint: e, floor: f } of rows) {
    console.log(
      `${e.name.padEnd(40)} ${formatRate(e.rps).padStart(6)} ${String(e.p50).padStart(8)} ${String(e.p99).padStart(7)} ${String(e.errors).padStart(7)} | ${formatRate(f.rps).padStart(11)} ${String(f.p50).padStart(7)} ${String(f.p99).padStart(7)} | ${(e.rps / f.rps).toFixed(2)}x | ${cpuSplit(e)}, ${cpuSplit(f)}`,
    );
  }
}

let idempotencyKeys = 0;
/** Clients send an Idempotency-Key with every POST (SPEC), so the bench pays for it too. */
function keyed(request: autocannon.Request, body: string): autocannon.Request {
  return {
    ...request,
    body,
    headers: { ...request.headers, 'idempotency-key': `bench-${process.pid}-${++idempotencyKeys}` },
  };
}

/** BENCH_ONLY=products,claims runs only the endpoints whose names contain one of the words. */
function selected(name: string): boolean {
  const only = process.env.BENCH_ONLY?.split(',').filter(Boolean);
  return !only || only.some((word) => name.includes(word));
}

/** VACUUM ANALYZE of the claim list's table: what autovacuum does a minute after a burst. */
async function vacuumClaimStatus(databaseUrl: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('VACUUM ANALYZE claim_status');
  } finally {
    await client.end();
  }
}

/** Files claims 10 at a time and polls each case until the read model has the row. */
async function claimToRow(
  url: string,
  headers: Record<string, string>,
  claim: (serial: string) => string,
) {
  const file = async (serial: string) => {
    const res = await fetch(`${url}/v1/claims`, { method: 'POST', headers, body: claim(serial) });
    if (res.status !== 201)
      throw new Error(`filing ${serial} answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as { claimId: string; position: string };
  };
  // Let the read model drain what the load phases left behind, so the samples measure a quiet system.
  const probe = await file('VIS-DRAIN');
  for (
    let i = 0;
    (await fetch(`${url}/v1/cases/${probe.claimId}?minPosition=${probe.position}`, { headers }))
      .status !== 200;
    i++
  ) {
    progress(`waiting for the read model to catch up (${2 * (i + 1)} s)`);
  }
  const samples: number[] = [];
  let n = 0;
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (n < 500) {
        const serial = `VIS-${++n}`;
        const started = performance.now();
        const { claimId } = await file(serial);
        while ((await fetch(`${url}/v1/cases/${claimId}`, { headers })).status !== 200)
          await new Promise((r) => setTimeout(r, 2));
        samples.push(performance.now() - started);
      }
    }),
  );
  samples.sort((a, b) => a - b);
  const at = (p: number) =>
    Math.round(samples[Math.min(samples.length - 1, Math.floor((p / 100) * samples.length))]);
  return { samples: samples.length, p50: at(50), p99: at(99) };
}

/** Repair orders at fixit-depot, each assigned and diagnosed (labor only), ready for work logs. */
async function repairOrdersInRepair(
  url: string,
  maker: Record<string, string>,
  depot: Record<string, string>,
): Promise<string[]> {
  const post = async (path: string, headers: Record<string, string>, body: object) => {
    const res = await fetch(`${url}${path}`, {
      method: path.startsWith('/v1/repair-rates') ? 'PUT' : 'POST',
      headers,
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { repairOrderId: string };
  };
  await post('/v1/repair-rates/fixit-depot', maker, {
    laborRatePerHour: { amount: 6000, currency: 'EUR' },
    partsMarkupBasisPoints: 1000,
    diagnosisFee: { amount: 2500, currency: 'EUR' },
  });
  const orders: string[] = [];
  for (let i = 0; i < 200; i++) {
    progress(`opening repair orders (${i + 1}/200)`);
    const { repairOrderId } = await post('/v1/repair-orders', maker, {
      manufacturerId: 'acme-appliances',
      serviceCenterId: 'fixit-depot',
      serialNumber: `REPAIR-${i}`,
      reportedDefect: 'No power',
    });
    const order = `/v1/repair-orders/${repairOrderId}`;
    await post(`${order}/assignment`, depot, { technician: 'tech-ana' });
    await post(`${order}/diagnosis`, depot, {
      findings: 'Loose connector',
      faultCode: 'E01',
      parts: [],
      laborMinutes: 0,
    });
    orders.push(repairOrderId);
  }
  return orders;
}

async function main(): Promise<void> {
  const withProjections = process.env.BENCH_PROJECTIONS !== 'off';
  const db = await benchDatabase('bench_http');
  const app = await NestFactory.create(
    applicationModule({ databaseUrl: db.url, logLevel: process.env.BENCH_LOG_LEVEL ?? 'silent' }, [
      RegistrationModule,
      ClaimsModule,
      ReturnsModule,
      RepairsModule,
      PlatformOnlyModule,
      FrameworkOnlyModule.forRoot(db.url),
      // BENCH_PROJECTIONS=off: the command path alone, without the projections sharing its process.
      ...(withProjections ? [ProjectionsApiModule.forRoot(db.url)] : []),
    ]),
    createHttpAdapter(),
    { bodyParser: false, logger: false },
  );
  configureApp(app, 'bench');
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  const keys = app.get(ApiKeys);
  // The bench measures the platform, not a client's allowance: its keys have the highest rate.
  const unthrottled = { requestsPerMinute: MAX_REQUESTS_PER_MINUTE };
  const retailer = (await keys.create('acme-retail', 'retailer', '', unthrottled)).key;
  const maker = (await keys.create('acme-appliances', 'manufacturer', '', unthrottled)).key;
  const depot = (await keys.create('fixit-depot', 'service_center', '', unthrottled)).key;
  const json = (key: string) => ({
    'content-type': 'application/json',
    authorization: `Bearer ${key}`,
  });
  await fetch(`${url}/v1/warranty-plans`, {
    method: 'POST',
    headers: json(maker),
    body: JSON.stringify({
      code: 'STD-24',
      name: 'Standard',
      months: 24,
      coverage: ['parts', 'labor'],
      transferable: true,
    }),
  });
  const unit = (serial: string) =>
    JSON.stringify({
      manufacturerId: 'acme-appliances',
      serialNumber: serial,
      model: 'WM-9000',
      category: 'washing_machine',
      purchaseDate: '2026-05-01',
      price: { amount: 129900, currency: 'EUR' },
      owner: { customerId: 'cust-1', name: 'Ada', email: 'ada@example.com', country: 'GB' },
      planCode: 'STD-24',
    });

  await fetch(`${url}/v1/products`, {
    method: 'POST',
    headers: json(retailer),
    body: unit('BENCH-KNOWN'),
  });
  console.log(
    `HTTP figures on ${db.description}, registration, claims, returns, repairs and projections in one process, ${CONNECTIONS} connections, ${SECONDS} s each; each endpoint's round follows a round of the floor (a bare node:http server, one INSERT per request, same PostgreSQL)`,
  );
  const floor = await startInsertFloor(db.url);
  let serial = 0;
  /** The serials of the claims the claims round filed, for the search round. */
  const filedSerials: string[] = [];
  const claim = (serialNumber: string) =>
    JSON.stringify({
      manufacturerId: 'acme-appliances',
      serialNumber,
      failureDate: '2026-11-01',
      defect: { category: 'electrical', description: 'No power' },
      evidence: [],
      customer: { name: 'Ada', email: `ada+${serialNumber}@example.com` },
      requestedResolution: 'repair',
      proofOfPurchase: {
        date: '2026-06-01',
        retailerId: 'acme-retail',
        reference: `INV-${serialNumber}`,
      },
    });
  const rma = (serialNumber: string) =>
    JSON.stringify({
      type: 'exchange',
      manufacturerId: 'acme-appliances',
      retailerId: 'acme-retail',
      lines: [{ serialNumber, price: { amount: 129900, currency: 'EUR' } }],
      shipTo: { locationId: 'leeds', name: 'Acme returns depot', address: '1 Dock Road, Leeds' },
      shippingLabel: { carrier: 'DHL', trackingNumber: `LBL-${serialNumber}` },
    });
  const rows: BesideFloor[] = [];
  if (selected('POST /v1/products'))
    rows.push(
      await besideFloor(
        floor.url,
        'POST /v1/products',
        {
          url: `${url}/v1/products`,
          method: 'POST',
          headers: json(retailer),
          requests: [
            {
              // A new unit per request: every POST is a real registration, not a 409.
              setupRequest: (request) => keyed(request, unit(`BENCH-${++serial}`)),
            },
          ],
        },
        unit('BENCH-FLOOR'),
      ),
    );
  if (selected('POST /v1/products, platform only'))
    rows.push(
      await besideFloor(
        floor.url,
        'POST /v1/products, platform only',
        {
          url: `${url}/bench/platform-only/products`,
          method: 'POST',
          headers: json(retailer),
          requests: [{ setupRequest: (request) => keyed(request, unit(`PLATFORM-${++serial}`)) }],
        },
        unit('BENCH-FLOOR'),
      ),
    );
  if (selected('POST /v1/products, framework only'))
    rows.push(
      await besideFloor(
        floor.url,
        'POST /v1/products, framework only',
        {
          url: `${url}/bench/framework-only`,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: unit('BENCH-FLOOR'),
        },
        unit('BENCH-FLOOR'),
      ),
    );
  if (selected('GET /v1/coverage') && withProjections)
    rows.push(
      await besideFloor(
        floor.url,
        'GET /v1/coverage',
        {
          url: `${url}/v1/coverage?manufacturerId=acme-appliances&serialNumber=BENCH-KNOWN&on=2027-01-01&kind=labor`,
          headers: json(retailer),
        },
        unit('BENCH-FLOOR'),
      ),
    );
  if (selected('POST /v1/claims'))
    rows.push(
      await besideFloor(
        floor.url,
        'POST /v1/claims',
        {
          url: `${url}/v1/claims`,
          method: 'POST',
          headers: json(retailer),
          requests: [
            {
              setupRequest: (request) => {
                const serialNumber = `CLAIM-${++serial}`;
                filedSerials.push(serialNumber);
                return keyed(request, claim(serialNumber));
              },
            },
          ],
        },
        claim('CLAIM-FLOOR'),
      ),
    );
  if (selected('POST /v1/rmas'))
    // Every authorization takes the next number of one manufacturer: all of them race for one counter.
    rows.push(
      await besideFloor(
        floor.url,
        'POST /v1/rmas',
        {
          url: `${url}/v1/rmas`,
          method: 'POST',
          headers: json(maker),
          requests: [{ setupRequest: (request) => keyed(request, rma(`RMA-${++serial}`)) }],
        },
        rma('RMA-FLOOR'),
      ),
    );
  if (selected('POST repair-orders/{id}/work-logs')) {
    const orders = await repairOrdersInRepair(url, json(maker), json(depot));
    let nextOrder = 0;
    // Round robin over many orders: each log is a real append, rarely racing another on one stream.
    rows.push(
      await besideFloor(
        floor.url,
        'POST repair-orders/{id}/work-logs',
        {
          url: `${url}/v1/repair-orders/${orders[0]}/work-logs`,
          method: 'POST',
          headers: json(depot),
          requests: [
            {
              setupRequest: (request) => ({
                ...request,
                path: `/v1/repair-orders/${orders[nextOrder++ % orders.length]}/work-logs`,
                body: JSON.stringify({ laborMinutes: 15 }),
              }),
            },
          ],
        },
        JSON.stringify({ laborMinutes: 15 }),
      ),
    );
  }
  if (selected('GET /v1/claim-list') && withProjections)
    rows.push(
      await besideFloor(
        floor.url,
        'GET /v1/claim-list?state=submitted',
        {
          url: `${url}/v1/claim-list?state=submitted&limit=50`,
          headers: json(maker),
        },
        claim('CLAIM-FLOOR'),
      ),
    );
  if (selected('GET /v1/claim-list?q=') && withProjections && filedSerials.length > 0) {
    let nextSearch = 0;
    // A desk looking a claim up by its unit's serial: each request a different one, in any case.
    const searchPath = () =>
      `/v1/claim-list?q=${filedSerials[nextSearch++ % filedSerials.length].toLowerCase()}&limit=50`;
    // Right after the burst of claims, then as autovacuum leaves the trigram index in a while.
    for (const vacuumed of [false, true]) {
      if (vacuumed) await vacuumClaimStatus(db.url);
      rows.push(
        await besideFloor(
          floor.url,
          `GET /v1/claim-list?q=<serial>${vacuumed ? ', vacuumed' : ''}`,
          {
            url: `${url}${searchPath()}`,
            headers: json(maker),
            requests: [{ setupRequest: (request) => ({ ...request, path: searchPath() }) }],
          },
          claim('CLAIM-FLOOR'),
        ),
      );
    }
  }
  const visibility =
    selected('visibility') && withProjections
      ? await claimToRow(url, json(retailer), claim)
      : undefined;
  progress('');
  printBesideFloor(rows);
  if (visibility)
    console.log(
      `filed claim -> its row in the claim status read model (${visibility.samples} claims, 10 at a time): p50 ${visibility.p50} ms, p99 ${visibility.p99} ms`,
    );
  await floor.close();
  await app.close();
  await db.dispose();
}

/** SLA KPIs: GET /v1/sla/kpis over 10,000 timers, one request at a time (target: < 200 ms). */
async function slaKpiQueryTimes(): Promise<void> {
  const db = await benchDatabase('bench_sla');
  const app = await NestFactory.create(
    applicationModule({ databaseUrl: db.url, logLevel: 'silent' }, [
      SlaModule.forRoot(db.url, { timers: { poll: false } }),
    ]),
    createHttpAdapter(),
    { bodyParser: false, logger: false },
  );
  configureApp(app, 'bench');
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  const admin = (await app.get(ApiKeys).create('ops', 'admin')).key;
  progress('SLA KPIs: inserting 10,000 timers');
  await insertTimers(db.url, generateTimers(10_000));
  progress('');
  for (const groupBy of ['manufacturer', 'retailer', 'category', 'month']) {
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const started = performance.now();
      const res = await fetch(`${url}/v1/sla/kpis?groupBy=${groupBy}`, {
        headers: { authorization: `Bearer ${admin}` },
      });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`GET /v1/sla/kpis: ${res.status}`);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    console.log(
      `GET /v1/sla/kpis?groupBy=${groupBy} on 10,000 timers: p50 ${times[9].toFixed(1)} ms, max ${times[19].toFixed(1)} ms (target < 200 ms)`,
    );
  }
  await app.close();
  await db.dispose();
}

main()
  .then(slaKpiQueryTimes)
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
