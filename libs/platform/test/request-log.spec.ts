import type { FastifyReply, FastifyRequest } from 'fastify';
import { requestLine } from '../src/logging';

describe('request log line', () => {
  it('names the request without its headers, so no credential reaches the log', () => {
    const request = {
      id: 'corr-1',
      method: 'POST',
      url: '/claims',
      originalUrl: '/v1/claims?x=1',
      socket: { remoteAddress: '127.0.0.1' },
      headers: { authorization: 'Bearer secret-key', 'idempotency-key': 'k-1', cookie: 'c=1' },
    } as unknown as FastifyRequest;
    const reply = {
      statusCode: 201,
      elapsedTime: 12.6,
      getHeaders: () => ({ etag: '"0"' }),
    } as unknown as FastifyReply;
    const line = JSON.stringify(requestLine(request, reply));
    expect(JSON.parse(line)).toEqual({
      req: {
        id: 'corr-1',
        method: 'POST',
        url: '/v1/claims?x=1',
        remoteAddress: '127.0.0.1',
        idempotencyKey: 'k-1',
      },
      res: { statusCode: 201 },
      responseTime: 13,
    });
    expect(line).not.toContain('secret-key');
    expect(line).not.toContain('etag');
  });
});
