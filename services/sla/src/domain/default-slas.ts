import type { SlaDefinition } from '@warranty/contracts/sla';

const on = (...eventTypes: string[]) => eventTypes.map((eventType) => ({ eventType }));

/** SPEC §4's five SLAs, as data: the platform defaults until an operator or manufacturer sets others. */
export const DEFAULT_SLA_DEFINITIONS: SlaDefinition[] = [
  {
    name: 'claim_first_response',
    subject: 'claim',
    start: on('ClaimFiled'),
    stop: on('ClaimReviewStarted', 'ClaimInfoRequested', 'ClaimApproved', 'ClaimRejected'),
    pause: [],
    resume: [],
    cancel: on('ClaimWithdrawn'),
    target: { amount: 1, unit: 'business_days' },
  },
  {
    name: 'claim_decision',
    subject: 'claim',
    start: on('ClaimFiled'),
    stop: on('ClaimApproved', 'ClaimRejected'),
    pause: on('ClaimInfoRequested'),
    resume: on('ClaimInfoProvided', 'ClaimReviewStarted'),
    cancel: on('ClaimWithdrawn'),
    target: { amount: 3, unit: 'business_days' },
  },
  {
    name: 'rma_receipt',
    subject: 'rma',
    start: on('RmaAuthorized'),
    stop: on('ReturnReceived'),
    pause: [],
    resume: [],
    cancel: on('RmaCancelled'),
    target: { amount: 14, unit: 'calendar_days' },
  },
  {
    name: 'repair_turnaround',
    subject: 'repair',
    start: on('RepairOrderOpened'),
    stop: on('UnitShippedBack'),
    pause: [{ eventType: 'DiagnosisRecorded', where: { field: 'approvalRequired', equals: true } }],
    resume: on('EstimateApproved', 'EstimateDeclined'),
    cancel: on('UnrepairableDeclared'),
    target: { amount: 10, unit: 'business_days' },
  },
  {
    name: 'case_resolution',
    subject: 'claim',
    start: on('ClaimFiled'),
    stop: on('ClaimClosed'),
    pause: on('ClaimInfoRequested'),
    resume: on('ClaimInfoProvided', 'ClaimReviewStarted'),
    cancel: on('ClaimWithdrawn'),
    target: { amount: 30, unit: 'calendar_days' },
  },
];

export const DEFAULT_CALENDAR_ID = 'default';
