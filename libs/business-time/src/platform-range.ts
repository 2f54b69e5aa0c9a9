/** The last instant the platform handles (SPEC §3's dates run to 2199-12-31), as UTC ms. */
export const LATEST_INSTANT_MS = Date.UTC(2199, 11, 31, 23, 59, 59, 999);

/** A due time that would fall after LATEST_INSTANT_MS: not computable, rather than searched for. */
export class BusinessTimeOutOfRangeError extends RangeError {
  constructor(readonly calendarId: string) {
    super(
      `the due time on calendar '${calendarId}' would fall after 2199-12-31, the platform's last date`,
    );
    this.name = 'BusinessTimeOutOfRangeError';
  }
}
