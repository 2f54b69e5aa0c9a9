import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DynamicModule, Type } from '@nestjs/common';
import {
  SERVICE_NAMES,
  SERVICE_ROUTES,
  type ServiceName,
  ownerOf,
  underPrefix,
} from '@warranty/routing';
import { startServiceUnderTest } from '@warranty/testing/service-app';
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

const MODULES: Record<ServiceName, (databaseUrl: string) => Array<Type | DynamicModule>> = {
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

// Every process serves these for itself; a path router does not route them.
const PER_PROCESS = ['/health', '/docs', '/openapi.json'];

type Route = { service: ServiceName; method: string; path: string };

async function routesOf(service: ServiceName): Promise<Route[]> {
  const svc = await startServiceUnderTest(MODULES[service]);
  try {
    const { body } = await svc.http().get('/openapi.json').expect(200);
    const paths = body.paths as Record<string, Record<string, unknown>>;
    return Object.entries(paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => ({ service, method: method.toUpperCase(), path })),
    );
  } finally {
    await svc.close();
  }
}

describe('every HTTP route belongs to exactly one service', () => {
  let routes: Route[];

  beforeAll(async () => {
    routes = [];
    for (const service of SERVICE_NAMES) routes.push(...(await routesOf(service)));
  });

  it('finds the routes of every service', () => {
    for (const service of SERVICE_NAMES)
      expect(routes.filter((r) => r.service === service).length).toBeGreaterThan(0);
  });

  it('serves no method and path from two services', () => {
    const owners = new Map<string, ServiceName[]>();
    for (const r of routes) {
      const key = `${r.method} ${r.path}`;
      owners.set(key, [...(owners.get(key) ?? []), r.service]);
    }
    expect([...owners].filter(([, services]) => services.length > 1)).toEqual([]);
  });

  it("serves each routed path from under its own service's prefixes", () => {
    const routed = routes.filter((r) => !PER_PROCESS.some((p) => underPrefix(r.path, p)));
    expect(
      routed
        .filter((r) => ownerOf(r.path) !== r.service)
        .map((r) => `${r.service}: ${r.method} ${r.path}`),
    ).toEqual([]);
  });

  it('gives no prefix to two services', () => {
    const prefixes = SERVICE_NAMES.flatMap((s) => SERVICE_ROUTES[s].map((p) => ({ s, p })));
    const overlapping = prefixes.filter((a) =>
      prefixes.some((b) => a !== b && (underPrefix(a.p, b.p) || underPrefix(b.p, a.p))),
    );
    expect(overlapping).toEqual([]);
  });

  it('has the Kubernetes ingress send each prefix to its owner', () => {
    const ingress = readFileSync(join(__dirname, '../../deploy/k8s/ingress.yaml'), 'utf8');
    const routed = [
      ...ingress.matchAll(/- path: (\S+)\s+pathType: Prefix\s+backend:\s+service:\s+name: (\S+)/g),
    ];
    const table = Object.fromEntries(routed.map(([, path, service]) => [path, service]));
    const expected = Object.fromEntries(
      SERVICE_NAMES.flatMap((s) => SERVICE_ROUTES[s].map((prefix) => [prefix, s])),
    );
    expect(table).toEqual(expected);
  });
});
