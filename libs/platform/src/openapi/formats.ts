/** An instant in an answer: an ISO 8601 string in UTC. */
export const INSTANT = { type: 'string', format: 'date-time' } as const;
