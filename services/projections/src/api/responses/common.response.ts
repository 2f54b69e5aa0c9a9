export const DATE = { type: 'string', format: 'date' } as const;
export const INSTANT = { type: 'string', format: 'date-time' } as const;
export const NULLABLE_STRING = { type: 'string', nullable: true } as const;
export const NEXT_CURSOR = {
  ...NULLABLE_STRING,
  description: 'Pass as cursor for the next page; null on the last page',
} as const;
