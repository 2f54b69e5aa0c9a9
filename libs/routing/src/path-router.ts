import { createServer, request, type Server } from 'node:http';
import { ownerOf, type ServiceName } from './service-routes';

export type ServiceOrigins = Record<ServiceName, string>;

/** A tiny reverse proxy: each request goes, unchanged, to the service that owns its path. */
export function createPathRouter(origins: ServiceOrigins): Server {
  return createServer((incoming, outgoing) => {
    const owner = ownerOf(incoming.url ?? '/');
    if (!owner) {
      outgoing.writeHead(404, { 'content-type': 'application/problem+json' });
      outgoing.end(
        JSON.stringify({
          type: 'about:blank',
          title: 'Not Found',
          status: 404,
          detail: `No service owns ${incoming.url}`,
        }),
      );
      return;
    }
    const target = new URL(incoming.url ?? '/', origins[owner]);
    const upstream = request(
      target,
      { method: incoming.method, headers: { ...incoming.headers, host: target.host } },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    upstream.on('error', (error) => {
      if (outgoing.headersSent) return outgoing.destroy(error);
      outgoing.writeHead(502, { 'content-type': 'application/problem+json' });
      outgoing.end(
        JSON.stringify({
          type: 'about:blank',
          title: 'Bad Gateway',
          status: 502,
          detail: `${owner} is unreachable`,
        }),
      );
    });
    incoming.pipe(upstream);
  });
}
