import type { WarrantyPlanDefined } from './events';

export type DefineWarrantyPlan = { type: 'DefineWarrantyPlan' } & WarrantyPlanDefined['data'];

export type WarrantyPlanCommand = DefineWarrantyPlan;
