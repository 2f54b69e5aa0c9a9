import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { PUBLIC_OPERATION } from './operations';

export const API_KEY_FORMAT = 'wk_<id>_<secret>';

/** The service's OpenAPI document: every operation needs an API key, sent as a bearer token. */
export function buildApiDocument(
  app: INestApplication,
  title: string,
  description = '',
): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(title)
      .setDescription(
        `${description}\n\nErrors are RFC 9457 problem details; each \`type\` URI, e.g. ` +
          '`/problems/validation`, resolves to a page on this server, and `/problems` lists them.',
      )
      .setVersion('1')
      .addBearerAuth(
        {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: API_KEY_FORMAT,
          description: `An API key, \`${API_KEY_FORMAT}\` (not a JWT), issued with \`npm run cli -- keys create\``,
        },
        'bearer',
      )
      .addSecurityRequirements('bearer')
      .build(),
  );
  for (const path of Object.values(document.paths)) {
    for (const operation of Object.values(path)) {
      if (typeof operation !== 'object' || !operation || !(PUBLIC_OPERATION in operation)) continue;
      delete (operation as Record<string, unknown>)[PUBLIC_OPERATION];
      (operation as { security?: unknown[] }).security = [];
    }
  }
  return document;
}
