import type { ServerResponse } from 'node:http';
import { combinedReadiness } from './combined-readiness';
import { type ApiDocument, MERGED_API_TITLE, mergeApiDocuments } from './merged-api-document';
import type { ServiceName } from './service-routes';

type Origins = Record<ServiceName, string>;
type Answer = (origins: Origins, outgoing: ServerResponse) => Promise<void> | void;

const DOCUMENT_TIMEOUT_MS = 5_000;

/** Swagger UI's page for the merged document; its scripts and styles come from a service's /docs. */
const DOCS_PAGE = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${MERGED_API_TITLE}</title>
<link rel="stylesheet" href="/docs/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/swagger-ui-standalone-preset.js"></script>
<script>window.onload = () => { window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: 'StandaloneLayout' }); };</script>
</body></html>`;

/** The paths the router answers itself, about all the services behind it. */
const OWN_ANSWERS: Record<string, Answer> = {
  '/health/live': (_, outgoing) => json(outgoing, 200, { status: 'ok', details: {} }),
  '/health/ready': async (origins, outgoing) => {
    const readiness = await combinedReadiness(origins);
    json(outgoing, readiness.httpStatus, readiness.body);
  },
  '/openapi.json': async (origins, outgoing) => {
    const documents = await Promise.allSettled(
      Object.entries(origins).map(([name, origin]) => apiDocumentOf(name, origin)),
    );
    const missing = documents.flatMap((d) =>
      d.status === 'rejected' ? [(d.reason as Error).message] : [],
    );
    if (missing.length > 0) {
      return problem(outgoing, 503, 'Service Unavailable', missing.join('; '));
    }
    const found = documents.flatMap((d) => (d.status === 'fulfilled' ? [d.value] : []));
    json(outgoing, 200, mergeApiDocuments(found));
  },
  '/docs': (_, outgoing) => {
    outgoing.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    outgoing.end(DOCS_PAGE);
  },
};
export const ROUTER_OWN_PATHS = new Map([
  ...Object.entries(OWN_ANSWERS),
  ['/docs/', OWN_ANSWERS['/docs']],
]);

async function apiDocumentOf(name: string, origin: string): Promise<ApiDocument> {
  const answer = await fetch(new URL('/openapi.json', origin), {
    signal: AbortSignal.timeout(DOCUMENT_TIMEOUT_MS),
  }).catch((error: unknown) => {
    throw new Error(
      `${name} is unreachable (${error instanceof Error ? error.message : String(error)})`,
    );
  });
  if (!answer.ok) throw new Error(`${name} answered ${answer.status} for its OpenAPI document`);
  return (await answer.json()) as ApiDocument;
}

function json(outgoing: ServerResponse, status: number, body: unknown): void {
  outgoing.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  outgoing.end(JSON.stringify(body));
}

export function problem(
  outgoing: ServerResponse,
  status: number,
  title: string,
  detail: string,
): void {
  outgoing.writeHead(status, { 'content-type': 'application/problem+json' });
  outgoing.end(JSON.stringify({ type: 'about:blank', title, status, detail }));
}
