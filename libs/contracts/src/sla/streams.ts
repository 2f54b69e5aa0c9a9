export const SLA_CATEGORY = 'sla';
export const SLA_POLICY_CATEGORY = 'slapolicy';
export const BUSINESS_CALENDAR_CATEGORY = 'businesscalendar';

/** What an SLA timer runs on: a claim, an RMA or a repair order. */
export const SLA_SUBJECT_KINDS = ['claim', 'rma', 'repair'] as const;
export type SlaSubjectKind = (typeof SLA_SUBJECT_KINDS)[number];

export interface SlaSubject {
  kind: SlaSubjectKind;
  id: string;
}

/** `claim~{claimId}`: one id across the three kinds, so claim and RMA ids never collide. */
export const subjectKey = (subject: SlaSubject): string => `${subject.kind}~${subject.id}`;

export function parseSubjectKey(key: string): SlaSubject | undefined {
  const [kind, ...rest] = key.split('~');
  const id = rest.join('~');
  if (!(SLA_SUBJECT_KINDS as readonly string[]).includes(kind) || id === '') return undefined;
  return { kind: kind as SlaSubjectKind, id };
}

export const slaStream = (subject: SlaSubject): string => `${SLA_CATEGORY}-${subjectKey(subject)}`;

/** The platform defaults live under this scope; a manufacturer id never starts with `_`. */
export const DEFAULT_POLICY_SCOPE = '_default';

export const slaPolicyStream = (scope: string): string => `${SLA_POLICY_CATEGORY}-${scope}`;

export const businessCalendarStream = (calendarId: string): string =>
  `${BUSINESS_CALENDAR_CATEGORY}-${calendarId}`;
