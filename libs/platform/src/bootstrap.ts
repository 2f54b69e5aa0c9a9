import type { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { ApiKeys } from './auth';
import { createValidationPipe } from './errors';
import { honourIdempotencyKeys, IdempotencyStore } from './idempotency';
import { closeRequestSchemas, readJsonBodies, screenInput } from './http';
import { logRequests, ROOT_LOGGER } from './logging';
import { admitRequests, RequestRates } from './rate-limit';
import { buildApiDocument } from './openapi/api-document';

/** JSON bodies, API key rates, input screening, Idempotency-Key, validation, OpenAPI at /docs and /openapi.json, JSON logs: the same for every service. */
export function configureApp(app: INestApplication, title: string, description = ''): void {
  const fastify = app as NestFastifyApplication;
  const server = fastify.getHttpAdapter().getInstance();
  readJsonBodies(server);
  server.decorateRequest('actor', undefined);
  logRequests(server, app.get(ROOT_LOGGER));
  server.addHook('onRequest', (request, reply, done) => {
    void reply.header('X-Correlation-Id', request.id);
    done();
  });
  admitRequests(server, app.get(ApiKeys), app.get(RequestRates));
  server.addHook('preHandler', screenInput);
  honourIdempotencyKeys(server, app.get(IdempotencyStore));
  fastify.useLogger(app.get(Logger));
  app.useGlobalPipes(createValidationPipe());
  const document = closeRequestSchemas(buildApiDocument(app, title, description));
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json' });
}
