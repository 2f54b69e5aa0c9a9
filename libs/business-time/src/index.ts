export type { BusinessCalendar } from './business-calendar';
export { DEFAULT_BUSINESS_CALENDAR } from './business-calendar';
export { addBusinessTime, businessDayMs, businessDays, businessTimeBetween } from './business-time';
export { addCalendarDays, calendarTimeBetween } from './calendar-days';
export type { DueBasis } from './describe-due';
export { describeDue, dueBasisOf } from './describe-due';
export { BusinessTimeOutOfRangeError, LATEST_INSTANT_MS } from './platform-range';
export { validateBusinessCalendar } from './validate-business-calendar';
