const SERIAL = /^[A-Z0-9][A-Z0-9._-]{0,63}$/;

/** What a client may send as a serial: the normalized form in any ASCII case, blanks around it. */
export const SERIAL_NUMBER_INPUT = /^ *[A-Za-z0-9][A-Za-z0-9._-]{0,63} *$/;

/** Serials are matched ASCII-case-insensitively and without surrounding blanks; others are null. */
export function normalizeSerialNumber(raw: string): string | null {
  if (typeof raw !== 'string') return null;
  // ASCII only: Unicode upper-casing maps ß to SS and ſ to S, which would merge distinct serials.
  const serial = raw.trim().replace(/[a-z]/g, (c) => c.toUpperCase());
  return SERIAL.test(serial) ? serial : null;
}

/** `~` cannot occur in a serial, so the id splits back unambiguously. */
export const productIdFor = (manufacturerId: string, normalizedSerial: string): string =>
  `${manufacturerId}~${normalizedSerial}`;
