import { DEFAULT_BUSINESS_CALENDAR } from '@warranty/business-time';
import { dueInWords } from '../../src/api/due-in-words';
import type { TimerRow } from '../../src/queries/sla.queries';

const row = (overrides: Partial<TimerRow>): TimerRow => ({
  subjectKind: 'claim',
  subjectId: 'c-1',
  sla: 'claim_decision',
  state: 'running',
  atRisk: false,
  breached: false,
  manufacturerId: 'acme',
  retailerId: null,
  serviceCenterId: null,
  category: null,
  startedAt: '2026-06-15T10:00:00.000Z',
  atRiskAt: '2026-06-17T13:12:00.000Z',
  dueAt: '2026-06-18T10:00:00.000Z',
  stoppedAt: null,
  breachedAt: null,
  budgetMs: 24 * 3_600_000,
  usedMs: 0,
  targetUnit: 'business_days',
  notComputableReason: null,
  calendar: { ...DEFAULT_BUSINESS_CALENDAR, id: 'default' },
  ...overrides,
});
const NOW = new Date('2026-06-22T10:00:00.000Z');

describe('a timer’s due time in words', () => {
  it('says a stopped breach happened at its due time, and when it stopped', () => {
    const late = row({
      state: 'breached',
      breached: true,
      breachedAt: '2026-06-18T10:00:00.000Z',
      stoppedAt: '2026-06-19T08:00:00.000Z',
    });
    expect(dueInWords(late, NOW)).toBe(
      'breached at 2026-06-18T10:00:00.000Z, stopped at 2026-06-19T08:00:00.000Z',
    );
    // A row from before the breach time was kept: its due time stands in.
    expect(dueInWords({ ...late, breachedAt: null }, NOW)).toMatch(
      /^breached at 2026-06-18T10:00:00.000Z,/,
    );
  });

  it('says when a met or cancelled timer stopped, and how long a running one has left', () => {
    expect(dueInWords(row({ state: 'met', stoppedAt: '2026-06-16T08:00:00.000Z' }), NOW)).toBe(
      'met at 2026-06-16T08:00:00.000Z',
    );
    expect(dueInWords(row({ dueAt: '2026-06-24T10:00:00.000Z' }), NOW)).toBe(
      'due in 2 business days, by Wed 12:00 Europe/Berlin',
    );
  });
});
