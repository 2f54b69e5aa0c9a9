import type { BusinessCalendarData, BusinessCalendarDefined } from '@warranty/contracts/sla';
import type { Decider } from '@warranty/eventsourcing';

export interface DefineBusinessCalendar {
  type: 'DefineBusinessCalendar';
  calendar: BusinessCalendarData;
  by: string;
  at: string;
}

/** `businesscalendar-{id}`: the calendar as last defined; null until then. */
export const businessCalendarDecider: Decider<
  DefineBusinessCalendar,
  BusinessCalendarDefined,
  BusinessCalendarData | null
> = {
  initialState: null,
  decide: ({ calendar, by, at }, state) =>
    state !== null && JSON.stringify(state) === JSON.stringify(calendar)
      ? []
      : [{ type: 'BusinessCalendarDefined', data: { calendar, by, at } }],
  evolve: (_state, { data }) => data.calendar,
};
