import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import { type CombinedReadiness, combinedReadiness } from '../src/combined-readiness';
import { createPathRouter, type ServiceOrigins } from '../src/path-router';
import type { ApiDocument } from '../src/merged-api-document';
import { freePort } from '../src/service-processes';
import { SERVICE_NAMES } from '../src/service-routes';

/** A stand-in service: answers readiness with `ready`, and its document with one path of its own. */
async function standIn(name: string, ready: { status: number; body: object }, delayMs = 0) {
  const server = createServer((incoming, outgoing) => {
    const answer = (status: number, body: unknown, type = 'application/json') =>
      setTimeout(() => {
        outgoing.writeHead(status, { 'content-type': type });
        outgoing.end(typeof body === 'string' ? body : JSON.stringify(body));
      }, delayMs);
    if (incoming.url === '/health/ready') return answer(ready.status, ready.body);
    if (incoming.url === '/openapi.json')
      return answer(200, {
        openapi: '3.0.0',
        info: { title: name, version: '1' },
        paths: { [`/v1/${name}`]: { get: {} } },
      });
    answer(200, `<h1>${name} ${incoming.url}</h1>`, 'text/html');
  }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  return server;
}

const urlOf = (server: Server) => `http://127.0.0.1:${(server.address() as { port: number }).port}`;
const up = { status: 200, body: { status: 'ok', details: { postgres: { status: 'up' } } } };
const degraded = {
  status: 200,
  body: { status: 'degraded', details: { parked: { status: 'degraded' } } },
};

describe('the path router, for what belongs to no one service', () => {
  const servers: Server[] = [];
  let base: string;
  let origins: ServiceOrigins;

  async function routerTo(changes: Partial<ServiceOrigins>) {
    const router = createPathRouter({ ...origins, ...changes }).listen(0, '127.0.0.1');
    servers.push(router);
    await once(router, 'listening');
    return urlOf(router);
  }

  beforeAll(async () => {
    const standIns = await Promise.all(SERVICE_NAMES.map((name) => standIn(name, up)));
    servers.push(...standIns);
    origins = Object.fromEntries(
      SERVICE_NAMES.map((name, i) => [name, urlOf(standIns[i])]),
    ) as ServiceOrigins;
    base = await routerTo({});
  });

  afterAll(async () => {
    servers.forEach((server) => server.closeAllConnections());
    await Promise.all(servers.map((server) => new Promise((done) => server.close(done))));
  });

  it('answers /health/live itself', async () => {
    const live = await fetch(`${base}/health/live`);
    expect(live.status).toBe(200);
    expect(await live.json()).toMatchObject({ status: 'ok' });
  });

  it('is ready when every service is, with each one in the details', async () => {
    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as CombinedReadiness['body'];
    expect(body.status).toBe('ok');
    expect(Object.keys(body.details).sort()).toEqual([...SERVICE_NAMES].sort());
    expect(body.details.claims).toEqual(up.body);
  });

  it('says degraded, still 200, while one service does', async () => {
    const sla = await standIn('sla', degraded);
    servers.push(sla);
    const ready = await fetch(`${await routerTo({ sla: urlOf(sla) })}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'degraded',
      details: { sla: degraded.body },
    });
  });

  it('is not ready, 503 naming it, when a service is down, unreachable or answers 503', async () => {
    const failing = await standIn('audit', { status: 503, body: { status: 'error', details: {} } });
    servers.push(failing);
    const ready = await fetch(
      `${await routerTo({ settlement: `http://127.0.0.1:${await freePort()}`, audit: urlOf(failing) })}/health/ready`,
    );
    expect(ready.status).toBe(503);
    const body = (await ready.json()) as CombinedReadiness['body'];
    expect(body.status).toBe('error');
    expect(body.details.settlement).toMatchObject({
      status: 'error',
      message: expect.stringContaining('unreachable'),
    });
    expect(body.details.audit).toMatchObject({ status: 'error', message: 'answered 503' });
    expect(body.details.claims).toEqual(up.body);
  });

  it('counts a service that does not answer in time as not ready', async () => {
    const slow = await standIn('workflow', up, 400);
    servers.push(slow);
    const readiness = await combinedReadiness({ ...origins, workflow: urlOf(slow) }, 100);
    expect(readiness.httpStatus).toBe(503);
    expect(readiness.body.details.workflow).toEqual({
      status: 'error',
      message: 'no answer within 100 ms',
    });
  });

  it("merges every service's OpenAPI document, and answers 503 while one is missing", async () => {
    const merged = await fetch(`${base}/openapi.json`);
    expect(merged.status).toBe(200);
    const document = (await merged.json()) as ApiDocument;
    expect(Object.keys(document.paths)).toEqual(SERVICE_NAMES.map((name) => `/v1/${name}`));
    const gone = await fetch(
      `${await routerTo({ notifier: `http://127.0.0.1:${await freePort()}` })}/openapi.json`,
    );
    expect(gone.status).toBe(503);
    expect(await gone.json()).toMatchObject({ detail: expect.stringContaining('notifier') });
  });

  it('sends /problems pages and Swagger UI assets to one service, and serves the merged /docs', async () => {
    expect(await (await fetch(`${base}/problems/not-found`)).text()).toBe(
      '<h1>registration /problems/not-found</h1>',
    );
    expect(await (await fetch(`${base}/docs/swagger-ui.css`)).text()).toContain('registration');
    const docs = await fetch(`${base}/docs`);
    expect(docs.headers.get('content-type')).toContain('text/html');
    expect(await docs.text()).toContain("url: '/openapi.json'");
  });

  it('sends an operator call to the service that owns its prefix: the workflow, for its redrive', async () => {
    const path = '/v1/workflow/parked/0b6c7a52-3f1e-4a8e-9a43-3d1f8f0c2a10/redrive';
    const answer = await fetch(`${base}${path}`, { method: 'POST' });
    expect(await answer.text()).toBe(`<h1>workflow ${path}</h1>`);
  });

  it('still answers 404 for a path no service owns', async () => {
    expect((await fetch(`${base}/v1/nowhere`)).status).toBe(404);
    expect((await fetch(`${base}/health`)).status).toBe(404);
  });
});
