export const RMA_CATEGORY = 'rma';

export const rmaStream = (rmaId: string): string => `${RMA_CATEGORY}-${rmaId}`;

/** `RMA-2026-000123`: year of authorization and the manufacturer's gap-free sequence in it. */
export const formatRmaNumber = (year: number, sequence: number): string =>
  `RMA-${year}-${String(sequence).padStart(6, '0')}`;

export const RMA_NUMBER_PATTERN = /^RMA-\d{4}-\d{6,}$/;
