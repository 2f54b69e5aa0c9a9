import type { WarrantyPlanDefined } from './events';

export type DefineWarrantyPlan = { type: 'DefineWarrantyPlan' } & Omit<
  WarrantyPlanDefined['data'],
  'advanceExchange'
> & { advanceExchange?: boolean };

export type WarrantyPlanCommand = DefineWarrantyPlan;
