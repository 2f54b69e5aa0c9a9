import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { type FieldError, InputValidationError } from '../errors';
import { hasUnsafeText } from '../validation/unsafe-text';

/** JSON nested deeper than this is refused (SPEC §3). */
export const MAX_JSON_DEPTH = 32;

/** Keys that name object internals; JavaScript code treats them specially, so the API refuses them. */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Field path for messages, with unprintable characters escaped so the answer itself stays valid. */
// eslint-disable-next-line no-control-regex -- escaping control characters is the point
const UNPRINTABLE = /[\u0000-\u001f\ud800-\udfff]/g;
const printable = (text: string) =>
  text.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * What no handler should ever see: NUL or unpaired surrogates in any key or string, JSON nested
 * deeper than MAX_JSON_DEPTH, reserved keys. Walks iteratively, so no input can overflow the stack.
 */
export function screenJson(root: unknown, rootField: string): FieldError[] {
  const errors: FieldError[] = [];
  const stack: Array<{ value: unknown; field: string; depth: number }> = [
    { value: root, field: rootField, depth: 0 },
  ];
  while (stack.length > 0 && errors.length < 20) {
    const { value, field, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (hasUnsafeText(value))
        errors.push({ field, message: `${field} contains NUL or an unpaired surrogate` });
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) {
      errors.push({ field, message: `JSON may nest at most ${MAX_JSON_DEPTH} levels` });
      break;
    }
    const isArray = Array.isArray(value);
    for (const key of Object.keys(value)) {
      const child = isArray
        ? `${field}[${key}]`
        : field
          ? `${field}.${printable(key)}`
          : printable(key);
      if (!isArray && hasUnsafeText(key)) {
        errors.push({
          field: child,
          message: 'field names may not contain NUL or unpaired surrogates',
        });
        continue;
      }
      if (!isArray && RESERVED_KEYS.has(key)) {
        errors.push({ field: child, message: `property ${key} should not exist` });
        continue;
      }
      stack.push({
        value: (value as Record<string, unknown>)[key],
        field: child,
        depth: depth + 1,
      });
    }
  }
  return errors;
}

/** Path segments decoded as the router will decode them; a segment that cannot be decoded is bad. */
function screenPath(path: string): FieldError[] {
  for (const segment of path.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return [{ field: 'path', message: 'the path is not valid percent-encoded UTF-8' }];
    }
    if (hasUnsafeText(decoded))
      return [{ field: 'path', message: 'the path contains NUL or an unpaired surrogate' }];
  }
  return [];
}

/** A preHandler hook, after body parsing: refuses bad text and deep JSON before anything runs. */
export function screenInput(
  request: FastifyRequest,
  _reply: FastifyReply,
  done: HookHandlerDoneFunction,
): void {
  const query = request.url.indexOf('?');
  const errors = [
    ...(Array.isArray(request.body)
      ? [{ field: 'body', message: 'the request body must be a JSON object' }]
      : []),
    ...screenPath(query < 0 ? request.url : request.url.slice(0, query)),
    ...screenJson(request.query, ''),
    ...screenJson(request.body, ''),
  ];
  done(errors.length > 0 ? new InputValidationError(errors) : undefined);
}
