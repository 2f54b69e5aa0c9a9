import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestLogSerializers } from '../src/request-log';

describe('request log line', () => {
  it('names the request without its headers, so no credential reaches the log', () => {
    const req = {
      id: 'corr-1',
      method: 'POST',
      url: '/claims',
      originalUrl: '/v1/claims?x=1',
      socket: { remoteAddress: '127.0.0.1' },
      headers: { authorization: 'Bearer secret-key', 'idempotency-key': 'k-1', cookie: 'c=1' },
    } as unknown as IncomingMessage;
    const line = JSON.stringify(requestLogSerializers.req(req));
    expect(JSON.parse(line)).toEqual({
      id: 'corr-1',
      method: 'POST',
      url: '/v1/claims?x=1',
      remoteAddress: '127.0.0.1',
      idempotencyKey: 'k-1',
    });
    expect(line).not.toContain('secret-key');
  });

  it('keeps only the status of the response', () => {
    const res = {
      statusCode: 201,
      getHeaders: () => ({ etag: '"0"' }),
    } as unknown as ServerResponse;
    expect(requestLogSerializers.res(res)).toEqual({ statusCode: 201 });
  });
});
