import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { createValidationPipe } from './errors';
import { answerClientErrorsAsProblems, closeRequestSchemas, screenInput } from './http';
import { buildApiDocument } from './openapi/api-document';

export const BODY_LIMIT = '64kb';

/** Body limit, input screening, validation, OpenAPI at /docs and /openapi.json, JSON logs: the same for every service. */
export function configureApp(app: INestApplication, title: string, description = ''): void {
  const express = app as NestExpressApplication;
  express.useBodyParser('json', { limit: BODY_LIMIT });
  express.use(screenInput);
  answerClientErrorsAsProblems(express.getHttpServer());
  express.useLogger(app.get(Logger));
  express.set('etag', false);
  express.disable('x-powered-by');
  app.useGlobalPipes(createValidationPipe());
  const document = closeRequestSchemas(buildApiDocument(app, title, description));
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json' });
}
