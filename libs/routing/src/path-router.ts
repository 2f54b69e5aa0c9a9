import { createServer, request, type Server } from 'node:http';
import { problem, ROUTER_OWN_PATHS } from './router-own-paths';
import { ownerOf, type ServiceName, underPrefix } from './service-routes';

export type ServiceOrigins = Record<ServiceName, string>;

/** Every service serves the same problem pages and Swagger UI assets: one of them answers for all. */
const SHARED_PAGES_FROM: ServiceName = 'registration';
const SHARED_PAGE_PREFIXES = ['/problems', '/docs'];

/** A tiny reverse proxy: each request goes, unchanged, to the service that owns its path; health, documents and problem pages are for all of them. */
export function createPathRouter(origins: ServiceOrigins): Server {
  return createServer((incoming, outgoing) => {
    const url = incoming.url ?? '/';
    const own = ROUTER_OWN_PATHS.get(url.split('?')[0]);
    if (own) {
      incoming.resume();
      Promise.resolve(own(origins, outgoing)).catch((error: unknown) =>
        outgoing.destroy(error as Error),
      );
      return;
    }
    const shared = SHARED_PAGE_PREFIXES.some((prefix) => underPrefix(url, prefix));
    const owner = shared ? SHARED_PAGES_FROM : ownerOf(url);
    if (!owner) return problem(outgoing, 404, 'Not Found', `No service owns ${url}`);
    const target = new URL(url, origins[owner]);
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
      problem(outgoing, 502, 'Bad Gateway', `${owner} is unreachable`);
    });
    incoming.pipe(upstream);
  });
}
