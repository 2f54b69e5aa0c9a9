/** Why a unit's registration ended (RegistrationCancelled's reasons), in words. */
const ENDED_BECAUSE: Readonly<Record<string, string>> = {
  returned_for_refund: 'it was returned for a refund',
  replaced: 'it was replaced through an exchange',
  registered_in_error: 'it was registered in error',
};

export const endedBecause = (reason: string): string => ENDED_BECAUSE[reason] ?? reason;
