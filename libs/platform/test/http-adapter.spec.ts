import type { Server } from 'node:http';
import { startServiceUnderTest } from '@warranty/testing/service-app';
import { createHttpAdapter } from '../src/http/http-adapter';

describe('the HTTP server every service runs on', () => {
  it('keeps Node’s request timeout, so a request that never finishes arriving is answered 408', async () => {
    const adapter = createHttpAdapter();
    const server = adapter.getInstance().server as Server;
    expect(server.requestTimeout).toBe(300_000);
    expect(server.headersTimeout).toBeLessThanOrEqual(server.requestTimeout);
    await adapter.close();
  });

  it('serves the API reference at /docs with its assets, and the document at /openapi.json', async () => {
    const svc = await startServiceUnderTest(() => []);
    try {
      const page = await svc.http().get('/docs').expect(200);
      expect(page.text).toContain('swagger-ui');
      const css = await svc.http().get('/docs/swagger-ui.css').expect(200);
      expect(css.headers['content-type']).toContain('text/css');
      const document = await svc.http().get('/openapi.json').expect(200);
      expect(document.body.openapi).toMatch(/^3\./);
    } finally {
      await svc.close();
    }
  });
});
