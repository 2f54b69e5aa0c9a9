import type { DomainEvent } from '@warranty/eventsourcing';
import type { SlaSubject } from './streams';

/** An event type, and optionally one field of its data that must equal a value. */
export interface SlaTrigger {
  eventType: string;
  /** A top-level field of the event's data and the value it must hold, e.g. approvalRequired = true. */
  where?: { field: string; equals: string | number | boolean };
}

export const SLA_TARGET_UNITS = [
  'business_days',
  'business_hours',
  'calendar_days',
  'calendar_hours',
] as const;
export type SlaTargetUnit = (typeof SLA_TARGET_UNITS)[number];

export interface SlaTarget {
  amount: number;
  unit: SlaTargetUnit;
}

/** One SLA as data: what starts, stops, pauses, resumes and cancels it, and its target. */
export interface SlaDefinition {
  name: string;
  subject: SlaSubject['kind'];
  start: SlaTrigger[];
  stop: SlaTrigger[];
  pause: SlaTrigger[];
  resume: SlaTrigger[];
  /** Ends the timer without a result (a withdrawn claim, a cancelled RMA): not counted in KPIs. */
  cancel: SlaTrigger[];
  target: SlaTarget;
}

export interface BusinessCalendarData {
  id: string;
  timeZone: string;
  /** ISO weekdays, 1 = Monday .. 7 = Sunday. */
  workingDays: number[];
  workingHours: { start: string; end: string };
  /** Local dates, YYYY-MM-DD. */
  holidays: string[];
}

export type SlaPolicySet = DomainEvent<
  'SlaPolicySet',
  {
    /** A manufacturer id, or `_default` for the platform defaults. */
    scope: string;
    calendarId: string;
    slas: SlaDefinition[];
    /** Per retailer, per SLA name, another target. */
    retailerOverrides: Record<string, Record<string, SlaTarget>>;
    by: string;
    at: string;
  }
>;

export type BusinessCalendarDefined = DomainEvent<
  'BusinessCalendarDefined',
  { calendar: BusinessCalendarData; by: string; at: string }
>;

/** Who an SLA's subject belongs to; copied onto every event so a reader needs no lookup. */
export interface SlaParties {
  manufacturerId: string;
  retailerId: string | null;
  serviceCenterId: string | null;
  /** The product category, when the starting event names it. */
  category: string | null;
}

export type SlaStarted = DomainEvent<
  'SlaStarted',
  {
    subject: SlaSubject;
    sla: string;
    parties: SlaParties;
    definition: SlaDefinition;
    calendar: BusinessCalendarData;
    /** The target in milliseconds of business time (or calendar time for calendar units). */
    budgetMs: number;
    startedAt: string;
    atRiskAt: string;
    dueAt: string;
    causedBy: string;
  }
>;

export type SlaPaused = DomainEvent<
  'SlaPaused',
  { subject: SlaSubject; sla: string; at: string; usedMs: number; causedBy: string }
>;

export type SlaResumed = DomainEvent<
  'SlaResumed',
  {
    subject: SlaSubject;
    sla: string;
    at: string;
    atRiskAt: string;
    dueAt: string;
    causedBy: string;
  }
>;

/** 80 % of the target used; `at` is that instant, computed, not when anyone noticed. */
export type SlaAtRisk = DomainEvent<
  'SlaAtRisk',
  { subject: SlaSubject; sla: string; parties: SlaParties; at: string; dueAt: string }
>;

/** The target passed; `at` is the due instant. */
export type SlaBreached = DomainEvent<
  'SlaBreached',
  { subject: SlaSubject; sla: string; parties: SlaParties; at: string; dueAt: string }
>;

export const SLA_OUTCOMES = ['met', 'breached', 'cancelled'] as const;
export type SlaOutcome = (typeof SLA_OUTCOMES)[number];

export type SlaStopped = DomainEvent<
  'SlaStopped',
  {
    subject: SlaSubject;
    sla: string;
    at: string;
    outcome: SlaOutcome;
    /** Time used against the target, pauses excluded. */
    usedMs: number;
    causedBy: string;
  }
>;

/**
 * The SLA's due time cannot be computed: it would fall after 2199-12-31, the platform's last date
 * (a target too large for the calendar's working time). Recorded instead of SlaStarted, or instead
 * of SlaResumed for one that was paused; the SLA counts no further, and the subject's other SLAs
 * go on.
 */
export type SlaNotComputable = DomainEvent<
  'SlaNotComputable',
  {
    subject: SlaSubject;
    sla: string;
    parties: SlaParties;
    definition: SlaDefinition;
    calendar: BusinessCalendarData;
    budgetMs: number;
    at: string;
    /** Why, in words, e.g. which calendar has too little working time. */
    reason: string;
    causedBy: string;
  }
>;

/** The subject changed hands (a repair order moved to another service center): every SLA of it follows. */
export type SlaReassigned = DomainEvent<
  'SlaReassigned',
  { subject: SlaSubject; parties: SlaParties; at: string; causedBy: string }
>;

/** What happens to one SLA of a subject; each names its `sla`. */
export type SlaTimerEvent =
  SlaStarted | SlaPaused | SlaResumed | SlaAtRisk | SlaBreached | SlaStopped | SlaNotComputable;

/** Everything a subject's `sla-{kind}~{id}` stream holds. */
export type SlaStreamEvent = SlaTimerEvent | SlaReassigned;

export type SlaEvent = SlaStreamEvent | SlaPolicySet | BusinessCalendarDefined;
