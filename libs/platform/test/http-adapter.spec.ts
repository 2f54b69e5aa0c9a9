import type { Server } from 'node:http';
import { createHttpAdapter } from '../src/http/http-adapter';

describe('the HTTP server every service runs on', () => {
  it('keeps Node’s request timeout, so a request that never finishes arriving is answered 408', async () => {
    const adapter = createHttpAdapter();
    const server = adapter.getInstance().server as Server;
    expect(server.requestTimeout).toBe(300_000);
    expect(server.headersTimeout).toBeLessThanOrEqual(server.requestTimeout);
    await adapter.close();
  });
});
