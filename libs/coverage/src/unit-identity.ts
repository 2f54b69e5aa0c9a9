const SERIAL = /^[A-Z0-9][A-Z0-9._-]{0,63}$/;

/** Serials are matched case-insensitively and without surrounding blanks. */
export function normalizeSerialNumber(raw: string): string | null {
  if (typeof raw !== 'string') return null;
  const serial = raw.trim().toUpperCase();
  return SERIAL.test(serial) ? serial : null;
}

/** `~` cannot occur in a serial, so the id splits back unambiguously. */
export const productIdFor = (manufacturerId: string, normalizedSerial: string): string =>
  `${manufacturerId}~${normalizedSerial}`;
