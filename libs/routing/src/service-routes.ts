/** Where each service with read models serves their admin API: positions, parked streams, rebuilds. */
const PROJECTION_ADMIN = {
  projections: '/v1/admin/projections',
  sla: '/v1/admin/sla/projections',
  notifier: '/v1/admin/notifier/projections',
  settlement: '/v1/admin/settlement/projections',
} as const;

export const PROJECTION_ADMIN_PATHS: readonly string[] = Object.values(PROJECTION_ADMIN);

/** The workflow's own prefix: its status and parked events (admins), progress, policies. */
export const WORKFLOW_PATH = '/v1/workflow';

/** The path prefixes each service owns: a path router sends every path under one to that service. */
export const SERVICE_ROUTES = {
  registration: [
    '/v1/products',
    '/v1/warranty-plans',
    '/v1/admin/tenants',
    '/v1/admin/api-keys',
    '/v1/admin/registration',
  ],
  claims: ['/v1/claims', '/v1/claim-review-policy'],
  returns: ['/v1/rmas', '/v1/return-policies'],
  repairs: ['/v1/repair-orders', '/v1/repair-rates'],
  projections: [
    '/v1/coverage',
    '/v1/cases',
    '/v1/claim-list',
    '/v1/rma-queue',
    '/v1/repair-queue',
    '/v1/units',
    '/v1/plan-catalog',
    PROJECTION_ADMIN.projections,
  ],
  workflow: [WORKFLOW_PATH],
  audit: ['/v1/audit'],
  sla: ['/v1/sla', '/v1/sla-policies', '/v1/business-calendars', PROJECTION_ADMIN.sla],
  notifier: ['/v1/webhook-subscriptions', PROJECTION_ADMIN.notifier],
  settlement: ['/v1/payables', '/v1/settlements', PROJECTION_ADMIN.settlement],
} as const satisfies Record<string, readonly string[]>;

export type ServiceName = keyof typeof SERVICE_ROUTES;

export const SERVICE_NAMES = Object.keys(SERVICE_ROUTES) as ServiceName[];

/** Prefixes match whole segments, as a Kubernetes `Prefix` path does: /v1/claims is not /v1/claims-x. */
export function underPrefix(path: string, prefix: string): boolean {
  const bare = path.split('?')[0];
  return bare === prefix || bare.startsWith(`${prefix}/`);
}

/** The service that owns a request path, or undefined when none does. */
export function ownerOf(path: string): ServiceName | undefined {
  return SERVICE_NAMES.find((service) =>
    SERVICE_ROUTES[service].some((prefix) => underPrefix(path, prefix)),
  );
}
