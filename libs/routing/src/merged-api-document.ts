/** The parts of an OpenAPI 3 document the merge reads; everything else is carried from the first. */
export interface ApiDocument {
  openapi: string;
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
  tags?: Array<{ name: string }>;
  [field: string]: unknown;
}

export const MERGED_API_TITLE = 'Warranty platform (all services)';

const MERGED_API_DESCRIPTION =
  'Every service behind the path router: each path is served by the service that owns its prefix. ' +
  'Errors are RFC 9457 problem details; each `type` URI, e.g. `/problems/validation`, resolves to ' +
  'a page on this server, and `/problems` lists them.';

/** One document of every service's: the union of paths, components and tags; the first wins a clash. */
export function mergeApiDocuments(documents: readonly ApiDocument[]): ApiDocument {
  const [first, ...rest] = documents;
  if (!first) throw new Error('No OpenAPI document to merge');
  const merged: ApiDocument = {
    ...first,
    info: { ...first.info, title: MERGED_API_TITLE, description: MERGED_API_DESCRIPTION },
    paths: { ...first.paths },
    components: { ...first.components },
    tags: [...(first.tags ?? [])],
  };
  for (const document of rest) {
    for (const [path, operations] of Object.entries(document.paths)) {
      merged.paths[path] = { ...operations, ...merged.paths[path] };
    }
    for (const [kind, entries] of Object.entries(document.components ?? {})) {
      // Same-named schemas are the same shared classes; should two differ, the first stays.
      merged.components![kind] = { ...entries, ...merged.components![kind] };
    }
    const named = new Set(merged.tags!.map((tag) => tag.name));
    merged.tags!.push(...(document.tags ?? []).filter((tag) => !named.has(tag.name)));
  }
  return merged;
}
