import type { DynamicModule, Type } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { buildApiDocument } from '@warranty/platform';
import { startServiceUnderTest, type ServiceUnderTest } from '@warranty/testing/service-app';
import { ClaimsModule } from '../../services/claims/src/claims.module';
import { ProjectionsApiModule } from '../../services/projections/src/api/projections-api.module';
import { RegistrationModule } from '../../services/registration/src/registration.module';
import { RepairsModule } from '../../services/repairs/src/repairs.module';
import { ReturnsModule } from '../../services/returns/src/returns.module';
import { SlaModule } from '../../services/sla/src/sla.module';
import { WorkflowModule } from '../../services/workflow/src/workflow.module';
import { AuditModule } from '../../services/audit/src/audit.module';
import { NotifierModule } from '../../services/notifier/src/notifier.module';
import { SettlementModule } from '../../services/settlement/src/settlement.module';

const SERVICES: Record<string, (databaseUrl: string) => Array<Type | DynamicModule>> = {
  registration: () => [RegistrationModule],
  claims: () => [ClaimsModule],
  returns: () => [ReturnsModule],
  repairs: () => [RepairsModule],
  projections: (url) => [ProjectionsApiModule.forRoot(url)],
  workflow: () => [WorkflowModule.forRoot()],
  audit: () => [AuditModule],
  sla: (url) => [SlaModule.forRoot(url)],
  notifier: (url) => [NotifierModule.forRoot(url)],
  settlement: (url) => [SettlementModule.forRoot(url)],
};

type Operation = {
  summary?: string;
  parameters?: Array<{ in: string; name: string; description?: string }>;
  security?: unknown[];
  responses: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }>;
};

const PROBLEM_REF = '#/components/schemas/ProblemDetails';
/** POSTs whose answer holds a secret, sent no-store: a repeated Idempotency-Key runs them again. */
const SECRET_ANSWERS = [
  'POST /v1/webhook-subscriptions',
  'POST /v1/webhook-subscriptions/{subscriptionId}/secret-rotation',
  'POST /v1/admin/api-keys',
];
const COMMAND_PROBLEMS = ['400', '401', '409', '413', '415', '429', '503'];
const QUERY_PROBLEMS = ['400', '401', '429', '503'];

function operations(document: OpenAPIObject): Array<[string, Operation]> {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item as Record<string, Operation>).map(
      ([method, op]) => [`${method.toUpperCase()} ${path}`, op] as [string, Operation],
    ),
  );
}

describe.each(Object.keys(SERVICES))('the %s OpenAPI document', (service) => {
  let svc: ServiceUnderTest;
  let document: OpenAPIObject;
  beforeAll(async () => {
    svc = await startServiceUnderTest(SERVICES[service]);
    document = buildApiDocument(svc.app, service);
  });
  afterAll(() => svc?.close());

  it('resolves every schema reference (a generated client fails on a dangling one)', () => {
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"([^"]*)"/g)].map((m) => m[1]);
    const schemas = document.components?.schemas ?? {};
    const dangling = refs.filter(
      (ref) => !ref.startsWith('#/components/schemas/') || !(ref.slice(21) in schemas),
    );
    expect([...new Set(dangling)]).toEqual([]);
  });

  it('describes API keys as bearer wk_<id>_<secret>, not JWT, required everywhere', () => {
    const scheme = document.components?.securitySchemes?.bearer as unknown as Record<
      string,
      string
    >;
    expect(scheme).toMatchObject({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'wk_<id>_<secret>',
    });
    expect(scheme.bearerFormat).not.toMatch(/jwt/i);
    expect(document.security).toEqual([{ bearer: [] }]);
  });

  it('has a summary and one typed success response on every operation', () => {
    const ops = operations(document);
    expect(ops.length).toBeGreaterThan(0);
    for (const [name, op] of ops) {
      expect({ name, summary: op.summary?.length ?? 0 }).toEqual({
        name,
        summary: expect.any(Number),
      });
      expect(op.summary).not.toBe('');
      const success = Object.keys(op.responses).filter((s) => s.startsWith('2'));
      expect({ name, success: success.length }).toEqual({ name, success: 1 });
      // One media type per success: JSON, JSON lines for the case-file export, or an SVG chart.
      const content = op.responses[success[0]].content ?? {};
      const svg = content['image/svg+xml']?.schema;
      if (svg) {
        expect({ name, svg }).toEqual({ name, svg: { type: 'string' } });
        continue;
      }
      const schema = (content['application/json'] ?? content['application/x-ndjson'])?.schema;
      expect({ name, ref: schema?.$ref }).toEqual({
        name,
        ref: expect.stringMatching(/^#\/components\/schemas\//),
      });
    }
  });

  it('lists every problem response as problem+json with the shared ProblemDetails schema', () => {
    for (const [name, op] of operations(document)) {
      const write = name.startsWith('POST') || name.startsWith('PUT');
      const isPublic = Array.isArray(op.security) && op.security.length === 0;
      for (const status of write ? COMMAND_PROBLEMS : QUERY_PROBLEMS)
        expect({ name, status, has: status in op.responses }).toEqual({
          name,
          status,
          has: !(isPublic && status === '401'),
        });
      if (name.startsWith('POST'))
        expect({ name, has: '422' in op.responses }).toEqual({ name, has: true });
      for (const [status, response] of Object.entries(op.responses)) {
        if (Number(status) < 400) continue;
        expect({ name, status, content: response.content }).toEqual({
          name,
          status,
          content: { 'application/problem+json': { schema: { $ref: PROBLEM_REF } } },
        });
      }
    }
    const problem = document.components?.schemas?.ProblemDetails as {
      properties: Record<string, unknown>;
      required: string[];
    };
    expect(problem.required).toEqual(expect.arrayContaining(['type', 'title', 'status']));
    expect(problem.properties.errors).toMatchObject({
      type: 'array',
      items: { $ref: '#/components/schemas/FieldError' },
    });
  });

  it('documents Idempotency-Key on POST only, and If-Match exactly where 412 is answered', () => {
    for (const [name, op] of operations(document)) {
      const headers = (op.parameters ?? []).filter((p) => p.in === 'header').map((p) => p.name);
      expect({ name, idempotency: headers.includes('Idempotency-Key') }).toEqual({
        name,
        idempotency: name.startsWith('POST'),
      });
      expect({ name, ifMatch: headers.includes('If-Match') }).toEqual({
        name,
        ifMatch: '412' in op.responses,
      });
    }
  });

  it('says on each POST what a repeated Idempotency-Key answers, a secret never replayed', () => {
    for (const [name, op] of operations(document)) {
      if (!name.startsWith('POST')) continue;
      const text = op.parameters?.find((p) => p.name === 'Idempotency-Key')?.description ?? '';
      expect({ name, refused: text.includes('Same key, another body: 422') }).toEqual({
        name,
        refused: true,
      });
      expect({ name, replayed: text.includes('the first response again') }).toEqual({
        name,
        replayed: !SECRET_ANSWERS.includes(name),
      });
    }
  });

  it('documents minPosition with X-Read-Model-Stale, and 403 wherever a role is required', () => {
    for (const [name, op] of operations(document)) {
      const query = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      const headers = Object.keys(
        (
          Object.entries(op.responses).find(([s]) => s.startsWith('2'))?.[1] as {
            headers?: object;
          }
        ).headers ?? {},
      );
      expect({ name, stale: headers.includes('X-Read-Model-Stale') }).toEqual({
        name,
        stale: query.includes('minPosition'),
      });
    }
  });
});

describe('the state changes that honour If-Match', () => {
  it('are every transition of an existing unit, claim, RMA, repair order, policy, settlement or webhook subscription', async () => {
    const documents: OpenAPIObject[] = [];
    for (const modules of [
      SERVICES.registration,
      SERVICES.claims,
      SERVICES.returns,
      SERVICES.repairs,
      SERVICES.settlement,
      SERVICES.notifier,
    ]) {
      const svc = await startServiceUnderTest(modules);
      documents.push(buildApiDocument(svc.app, 'x'));
      await svc.close();
    }
    const honoured = documents
      .flatMap(operations)
      .filter(([, op]) => (op.parameters ?? []).some((p) => p.name === 'If-Match'))
      .map(([name]) => name);
    const writes = documents
      .flatMap(operations)
      .map(([name]) => name)
      .filter(
        (name) => /^(POST|PUT) /.test(name) && (/\{\w+\}/.test(name) || name.startsWith('PUT')),
      )
      // Operators' tenants and API keys are rows, not event streams: they have no revision.
      .filter((name) => !name.includes(' /v1/admin/'))
      // A ping stores nothing, and redeliveries queue deliveries: neither changes the subscription.
      .filter((name) => !/\/(ping|redelivery)$/.test(name));
    expect(honoured.sort()).toEqual(writes.sort());
  });
});
