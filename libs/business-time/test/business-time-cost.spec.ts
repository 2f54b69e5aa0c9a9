import { IANAZone } from 'luxon';
import { addBusinessTime, BusinessTimeOutOfRangeError, businessTimeBetween } from '../src';
import { calendar, HOUR } from './calendars';

// The work is counted, not timed: every local date and time goes through a zone's offset lookup.
// The offsets a zone takes are remembered per process, so each test uses a zone of its own and
// counts its first (cold) call apart from the next (warm) one.
function lookupsOf(work: () => unknown): number {
  const lookups = jest.spyOn(IANAZone.prototype, 'offset');
  try {
    work();
  } catch {
    // What it throws is checked apart; only the work done is counted here.
  }
  const count = lookups.mock.calls.length;
  lookups.mockRestore();
  return count;
}

const NOW = new Date('2026-11-30T21:00:00Z');
const ONE_MINUTE_ON_MONDAYS = { workingDays: [1], workingHours: { start: '09:00', end: '09:01' } };

describe('the cost of business time arithmetic, in zone offset lookups', () => {
  it('refuses 3,650 business hours on one minute a week without walking the 4,000 years it would take', () => {
    const tiny = calendar({ id: 'tiny', timeZone: 'Pacific/Kiritimati', ...ONE_MINUTE_ON_MONDAYS });
    const add = () => addBusinessTime(NOW, 3650 * HOUR, tiny);
    // Cold: the zone's offset read every six days to 2199 (about 10,700 reads), once.
    expect(lookupsOf(add)).toBeLessThan(12_000);
    expect(lookupsOf(add)).toBeLessThan(20);
    expect(add).toThrow(BusinessTimeOutOfRangeError);
  });

  it('walks a zone with two DST changes a year to 2199 looking only at the change days', () => {
    const nights = calendar({
      timeZone: 'Europe/Paris',
      workingDays: [1, 2, 3, 4, 5, 6, 7],
      workingHours: { start: '01:00', end: '05:00' },
    });
    const add = () => addBusinessTime(NOW, 500_000 * HOUR, nights);
    // Cold: also each change narrowed down to the hour (about 16,000 reads).
    expect(lookupsOf(add)).toBeLessThan(20_000);
    // Warm: about 350 change days, each worked out on its own.
    expect(lookupsOf(add)).toBeLessThan(2_500);
    expect(add).toThrow(BusinessTimeOutOfRangeError);
  });

  it('adds 3,650 business days (about 14 years) reading about a year of offsets per year', () => {
    const vienna = calendar({ timeZone: 'Europe/Vienna' });
    const add = () => addBusinessTime(NOW, 3650 * 8 * HOUR, vienna);
    expect(lookupsOf(add)).toBeLessThan(2_000);
    expect(lookupsOf(add)).toBeLessThan(50);
    expect(add().toISOString()).toBe('2040-11-26T16:00:00.000Z');
  });

  it('measures 170 years of business time without a day-by-day walk', () => {
    const lisbon = calendar({ timeZone: 'Europe/Lisbon', ...ONE_MINUTE_ON_MONDAYS });
    const to = new Date('2199-12-01T00:00:00Z');
    const measure = () => businessTimeBetween(NOW, to, lisbon);
    expect(lookupsOf(measure)).toBeLessThan(20_000);
    expect(lookupsOf(measure)).toBeLessThan(50);
  });
});

describe('the platform date range', () => {
  const utcDays = calendar({ timeZone: 'UTC', workingDays: [1, 2, 3, 4, 5, 6, 7] });

  it('computes a due time on 2199-12-31, the last day, and refuses one after it', () => {
    const lastAfternoon = new Date('2199-12-31T16:00:00Z');
    expect(addBusinessTime(lastAfternoon, HOUR, utcDays).toISOString()).toBe(
      '2199-12-31T17:00:00.000Z',
    );
    expect(() => addBusinessTime(lastAfternoon, 2 * HOUR, utcDays)).toThrow(
      BusinessTimeOutOfRangeError,
    );
  });

  it('names the calendar and the last date in the refusal', () => {
    const tiny = calendar({ id: 'tiny', timeZone: 'UTC', ...ONE_MINUTE_ON_MONDAYS });
    expect(() => addBusinessTime(NOW, 3650 * HOUR, tiny)).toThrow(/'tiny'.*2199-12-31/);
  });
});
