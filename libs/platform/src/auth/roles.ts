import type { ActorRole } from '@warranty/eventsourcing';

export type ApiRole = Exclude<ActorRole, 'system'>;
export const API_ROLES: readonly ApiRole[] = [
  'retailer',
  'manufacturer',
  'service_center',
  'auditor',
  'admin',
];
export const isApiRole = (value: string): value is ApiRole =>
  (API_ROLES as readonly string[]).includes(value);
