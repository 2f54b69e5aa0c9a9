import type { OpenAPIObject } from '@nestjs/swagger';

type Schema = Record<string, unknown>;
const REF_PREFIX = '#/components/schemas/';

/** Request bodies refuse unknown fields, so every schema a request body reaches says so. */
export function closeRequestSchemas(document: OpenAPIObject): OpenAPIObject {
  const schemas = (document.components?.schemas ?? {}) as Record<string, Schema>;
  const pending: unknown[] = [];
  for (const path of Object.values(document.paths ?? {}))
    for (const operation of Object.values(path as Record<string, Schema>))
      pending.push((operation?.requestBody as Schema | undefined)?.content);
  const closed = new Set<string>();
  while (pending.length > 0) {
    const node = pending.pop();
    if (node === null || typeof node !== 'object') continue;
    const ref = (node as Schema).$ref;
    if (typeof ref === 'string' && ref.startsWith(REF_PREFIX)) {
      const name = ref.slice(REF_PREFIX.length);
      const schema = schemas[name];
      if (schema && !closed.has(name)) {
        closed.add(name);
        if (schema.type === 'object' || schema.properties) schema.additionalProperties = false;
        pending.push(schema);
      }
      continue;
    }
    pending.push(...Object.values(node as Schema));
  }
  return document;
}
