import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpCommandGateway } from '../../src/adapters/http-command-gateway';

/** A real HTTP server that answers each request with the next canned status and problem code. */
describe('the HTTP command gateway', () => {
  let server: Server;
  let answer: { status: number; code?: string; position?: string } = { status: 200 };
  let seen: IncomingMessage | undefined;
  let body = '';
  let gateway: HttpCommandGateway;

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen = req;
      body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        res.writeHead(answer.status, { 'content-type': 'application/problem+json' });
        const { code, position } = answer;
        res.end(JSON.stringify(code ? { type: `/problems/${code}` } : { revision: 2, position }));
      });
    }).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    gateway = new HttpCommandGateway(
      () => `http://127.0.0.1:${port}`,
      () => Promise.resolve('wk_test'),
    );
  });
  afterAll(() => server.close());

  const close = { type: 'CloseRma', rmaId: 'r-1' } as const;
  const cause = { correlationId: 'corr-approval-1', causationId: 'event-1' };

  it('posts the command to its service with the key, the Idempotency-Key and its cause', async () => {
    answer = { status: 200 };
    expect(await gateway.send(close, 'workflow:e-1:0:CloseRma', cause)).toEqual({
      outcome: 'accepted',
    });
    expect(seen?.url).toBe('/v1/rmas/r-1/closure');
    expect(seen?.headers.authorization).toBe('Bearer wk_test');
    expect(seen?.headers['idempotency-key']).toBe('workflow:e-1:0:CloseRma');
    expect(seen?.headers['x-correlation-id']).toBe('corr-approval-1');
    expect(seen?.headers['x-causation-id']).toBe('event-1');
    expect(JSON.parse(body)).toEqual({});
  });

  it("keeps the position the command's events reached, for the workflow's frontier", async () => {
    answer = { status: 201, position: '9007199254740993' };
    expect(await gateway.send(close, 'k', cause)).toEqual({
      outcome: 'accepted',
      position: 9007199254740993n,
    });
  });

  it.each([
    [409, 'illegal-state', 'moved-on'],
    [409, 'illegal-transition', 'moved-on'],
    [409, 'claim-closed', 'moved-on'],
    [409, 'concurrent-modification', 'retry'],
    [409, 'idempotency-key-in-progress', 'retry'],
    [409, 'claim-not-approved-for-return', 'refused'],
    [429, 'rate-limited', 'retry'],
    [503, 'dependency-unavailable', 'retry'],
    [400, 'validation', 'refused'],
    [404, 'rma-not-found', 'refused'],
    [422, 'idempotency-key-reused', 'refused'],
  ])('answers %i %s as %s', async (status, code, outcome) => {
    answer = { status, code };
    expect(await gateway.send(close, 'k', cause)).toMatchObject({ outcome });
  });

  it('retries a 401 with a new key, after telling whoever issued the rejected one', async () => {
    const rejected: string[] = [];
    const { port } = server.address() as AddressInfo;
    const withKey = new HttpCommandGateway(
      () => `http://127.0.0.1:${port}`,
      () => Promise.resolve('wk_old'),
      async (key) => void rejected.push(key),
    );
    answer = { status: 401, code: 'unauthorized' };
    expect(await withKey.send(close, 'k', cause)).toMatchObject({ outcome: 'retry' });
    expect(rejected).toEqual(['wk_old']);
  });

  it('retries when nothing answers', async () => {
    const nowhere = new HttpCommandGateway(
      () => 'http://127.0.0.1:1',
      () => Promise.resolve('wk_test'),
    );
    expect(await nowhere.send(close, 'k', cause)).toMatchObject({ outcome: 'retry' });
  });
});
