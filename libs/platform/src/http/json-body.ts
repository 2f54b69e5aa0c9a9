import type { FastifyInstance } from 'fastify';
import { ApiProblem } from '../errors';

const malformed = () =>
  new ApiProblem(400, 'malformed-json', 'Malformed JSON', 'The request body is not valid JSON.');

/**
 * application/json is the only body the API reads (anything else is a 415). A body is a JSON
 * object or array, an empty body is none; `__proto__` stays an ordinary key for the screen to refuse.
 */
export function readJsonBodies(server: FastifyInstance): void {
  server.removeAllContentTypeParsers();
  server.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, text, done) => {
    if (text === '') return done(null, undefined);
    let body: unknown;
    try {
      body = JSON.parse(text as string);
    } catch {
      return done(malformed(), undefined);
    }
    if (body === null || typeof body !== 'object') return done(malformed(), undefined);
    done(null, body);
  });
}
