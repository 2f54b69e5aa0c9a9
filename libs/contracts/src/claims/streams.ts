export const CLAIM_CATEGORY = 'claim';

export const claimStream = (claimId: string): string => `${CLAIM_CATEGORY}-${claimId}`;
