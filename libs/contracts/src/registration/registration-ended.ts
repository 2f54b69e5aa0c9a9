import type { RegistrationCancelled } from './events';

/** Why a unit's registration ended (RegistrationCancelled's reasons), in words. */
const ENDED_BECAUSE: Readonly<Record<RegistrationCancelled['data']['reason'], string>> = {
  returned_for_refund: 'it was bought back: refunded or credited',
  replaced: 'it was replaced through an exchange',
  registered_in_error: 'it was registered in error',
};

export const endedBecause = (reason: string): string =>
  ENDED_BECAUSE[reason as RegistrationCancelled['data']['reason']] ?? reason;
