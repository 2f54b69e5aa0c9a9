export const REPAIR_CATEGORY = 'repair';
export const REPAIR_RATES_CATEGORY = 'repairrates';

export const repairStream = (repairOrderId: string): string =>
  `${REPAIR_CATEGORY}-${repairOrderId}`;

/** One manufacturer's reimbursement terms for one service center. */
export const repairRatesStream = (manufacturerId: string, serviceCenterId: string): string =>
  `${REPAIR_RATES_CATEGORY}-${manufacturerId}~${serviceCenterId}`;
