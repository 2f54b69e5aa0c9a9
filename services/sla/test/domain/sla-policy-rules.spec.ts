import type { SlaDefinition } from '@warranty/contracts/sla';
import { DEFAULT_BUSINESS_CALENDAR } from '@warranty/business-time';
import { DEFAULT_SLA_DEFINITIONS } from '../../src/domain/default-slas';
import {
  calendarCapacityProblems,
  definitionProblems,
  overrideProblems,
  targetsOutOfRange,
} from '../../src/domain/sla-policy-rules';
import { STARTING_EVENTS, SUBJECT_EVENTS } from '../../src/domain/subject-events';

const on = (...eventTypes: string[]) => eventTypes.map((eventType) => ({ eventType }));
const sla = (overrides: Partial<SlaDefinition>): SlaDefinition => ({
  ...DEFAULT_SLA_DEFINITIONS[1],
  ...overrides,
});
const fields = (problems: { field: string }[]) => problems.map((p) => p.field);

const NOW = new Date('2026-11-30T21:00:00.000Z');
const TINY = {
  id: 'tiny',
  timeZone: 'Pacific/Kiritimati',
  workingDays: [1],
  workingHours: { start: '09:00', end: '09:01' },
  holidays: [],
};
const BERLIN = { ...DEFAULT_BUSINESS_CALENDAR, id: 'default' };

describe('SLA policy rules', () => {
  it('find nothing wrong with the SPEC §4 defaults', () => {
    expect(definitionProblems(DEFAULT_SLA_DEFINITIONS)).toEqual([]);
    const targets = DEFAULT_SLA_DEFINITIONS.map((d) => ({
      field: d.name,
      label: d.name,
      target: d.target,
    }));
    expect(targetsOutOfRange(targets, BERLIN, NOW)).toEqual([]);
  });

  it('refuse a trigger on an event that does not exist', () => {
    const problems = definitionProblems([sla({ start: on('FooBar') })]);
    expect(fields(problems)).toEqual(['slas[0].start[0].eventType']);
    expect(problems[0].message).toMatch(/^FooBar is not an event of a claim/);
  });

  it('refuse triggers on another subject’s events: an RMA never sees ClaimFiled or RepairOrderClosed', () => {
    const rma = sla({
      subject: 'rma',
      start: on('ClaimFiled'),
      stop: on('RepairOrderClosed'),
      pause: [],
      resume: [],
      cancel: [],
    });
    const problems = definitionProblems([rma]);
    expect(fields(problems)).toEqual(['slas[0].start[0].eventType', 'slas[0].stop[0].eventType']);
    expect(problems[1].message).toMatch(/^RepairOrderClosed is not an event of an RMA/);
  });

  it('refuse a start on an event that does not name the manufacturer', () => {
    const problems = definitionProblems([sla({ start: on('ClaimReviewStarted') })]);
    expect(fields(problems)).toEqual(['slas[0].start[0].eventType']);
    expect(problems[0].message).toMatch(/start on ClaimFiled$/);
  });

  it('refuse a pause nothing resumes, and a name listed twice', () => {
    const stuck = sla({ name: 'stuck', pause: on('ClaimInfoRequested'), resume: [] });
    expect(fields(definitionProblems([stuck, stuck]))).toEqual([
      'slas[0].resume',
      'slas[1].name',
      'slas[1].resume',
    ]);
  });

  it('start each subject on events its own stream has', () => {
    for (const [kind, types] of Object.entries(STARTING_EVENTS))
      expect(SUBJECT_EVENTS[kind as keyof typeof SUBJECT_EVENTS]).toEqual(
        expect.arrayContaining([...types]),
      );
  });

  it('refuse an override of an SLA the policy does not have, and one listed twice', () => {
    const names = ['claim_decision'];
    expect(
      fields(
        overrideProblems(
          [
            { retailerId: 'acme', sla: 'no_such_sla' },
            { retailerId: 'acme', sla: 'claim_decision' },
            { retailerId: 'acme', sla: 'claim_decision' },
            { retailerId: 'other', sla: 'claim_decision' },
          ],
          names,
        ),
      ),
    ).toEqual(['retailerOverrides[0].sla', 'retailerOverrides[2]']);
  });

  it('refuse a target that would come due after 2199-12-31 on its calendar', () => {
    const long = {
      field: 'slas[0].target',
      label: 'long_check',
      target: { amount: 3650, unit: 'business_hours' as const },
    };
    expect(targetsOutOfRange([long], BERLIN, NOW)).toEqual([]);
    const problems = targetsOutOfRange([long], TINY, NOW);
    expect(fields(problems)).toEqual(['slas[0].target']);
    expect(problems[0].message).toMatch(
      /^long_check: 3650 business_hours counted from now on calendar 'tiny' would come due after 2199-12-31/,
    );
  });

  it('refuse a calendar too sparse for the largest target a policy may set', () => {
    expect(calendarCapacityProblems(BERLIN, NOW)).toEqual([]);
    expect(fields(calendarCapacityProblems(TINY, NOW))).toEqual(['workingHours']);
    // Half an hour a week carries 3,650 business hours in about 140 years.
    const halfHour = { ...TINY, workingHours: { start: '09:00', end: '09:30' } };
    expect(calendarCapacityProblems(halfHour, NOW)).toEqual([]);
  });
});
