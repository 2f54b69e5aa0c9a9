import {
  type Decider,
  DomainError,
  fold,
  IllegalStateError,
  RuleViolationError,
} from '@warranty/eventsourcing';
import { deciderSpecification } from '@warranty/testing';
import fc from 'fast-check';
import {
  type ClaimIndexCommand,
  claimIndexDecider,
  type ClaimIndexState,
  claimIndexStream,
  normalizeDefectCategory,
  type OpenClaimForCategory,
  unitFlagsFor,
} from '../../src/domain/claim-index';
import {
  type ClaimEvent,
  type ClaimIndexEvent,
  type ClaimIndexed,
  type ClaimReleased,
  releasesClaimIndex,
} from '../../src/domain/events';
import {
  claimClosed,
  claimFiled,
  claimRejected,
  claimWithdrawn,
  infoRequested,
  reviewStarted,
} from './fixtures';

const spec = deciderSpecification(claimIndexDecider);
const at = '2026-03-01T10:00:00.000Z';

const open = (overrides: Partial<OpenClaimForCategory> = {}): OpenClaimForCategory => ({
  type: 'OpenClaimForCategory',
  manufacturerId: 'acme',
  serialNumber: ' sn-001 ',
  claimId: 'clm-1',
  retailerId: 'acme-retail',
  category: 'Door Seal',
  at,
  ...overrides,
});

const indexed = (
  claimId: string,
  category: string,
  priorClaimsOnUnit: number,
  overrides: Partial<ClaimIndexed['data']> = {},
): ClaimIndexed => ({
  type: 'ClaimIndexed',
  data: {
    manufacturerId: 'acme',
    serialNumber: 'SN-001',
    claimId,
    category,
    priorClaimsOnUnit,
    retailerId: 'acme-retail',
    unitFlags: [],
    at,
    ...overrides,
  },
});

const released = (claimId: string, category: string): ClaimReleased => ({
  type: 'ClaimReleased',
  data: { manufacturerId: 'acme', serialNumber: 'SN-001', claimId, category, at },
});

describe('the claim index', () => {
  it('names one stream per unit', () => {
    expect(claimIndexStream('acme', 'SN-001')).toBe('claimindex-acme~SN-001');
  });

  it('normalizes defect categories', () => {
    expect(normalizeDefectCategory('  Door   SEAL ')).toBe('door seal');
    expect(normalizeDefectCategory(' ')).toBeNull();
    expect(normalizeDefectCategory('x'.repeat(65))).toBeNull();
  });

  it('indexes the first claim on a unit', () => {
    spec
      .given([])
      .when(open())
      .then([indexed('clm-1', 'door seal', 0)]);
  });

  it('refuses a second open claim for the same category, naming the open claim', () => {
    spec
      .given([indexed('clm-1', 'door seal', 0)])
      .when(open({ claimId: 'clm-2', category: 'DOOR  seal' }))
      .thenThrows<IllegalStateError>(IllegalStateError, (e) => {
        expect(e.code).toBe('open-claim-exists');
        expect(e.kind).toBe('conflict');
        expect(e.state).toBe('open');
        expect(e.details).toEqual({
          state: 'open',
          openClaimId: 'clm-1',
          category: 'door seal',
          openClaimRetailerId: 'acme-retail',
        });
        expect(e.message).toContain('clm-1');
      });
  });

  it('indexes a claim for another category and counts every claim on the unit', () => {
    spec
      .given([indexed('clm-1', 'door seal', 0)])
      .when(open({ claimId: 'clm-2', category: 'drum' }))
      .then([indexed('clm-2', 'drum', 1)]);
  });

  it('accepts a new claim for a category once the previous one is released', () => {
    const history = [indexed('clm-1', 'door seal', 0), released('clm-1', 'door seal')];
    spec
      .given(history)
      .when(open({ claimId: 'clm-2' }))
      .then([indexed('clm-2', 'door seal', 1)]);
    expect(fold(claimIndexDecider, history)).toEqual({
      manufacturerId: 'acme',
      serialNumber: 'SN-001',
      open: [],
      claims: [{ claimId: 'clm-1', retailerId: 'acme-retail', unitFlags: [] }],
      totalClaims: 1,
      buyBack: null,
    });
  });

  it("lets another retailer's claim neither block nor count for the filer, but flags it for the manufacturer, and keeps pre-scope entries blocking", () => {
    const bright = { retailerId: 'bright-electronics' };
    spec
      .given([indexed('clm-1', 'door seal', 0)])
      .when(open({ claimId: 'clm-2', ...bright }))
      .then([indexed('clm-2', 'door seal', 0, { ...bright, unitFlags: ['open_claim_on_unit'] })]);
    // Another defect is no duplicate; every retailer's claims count towards the unit's threshold.
    const twoOnUnit = [indexed('clm-1', 'door seal', 0), indexed('clm-2', 'drum', 1)];
    spec
      .given(twoOnUnit)
      .when(open({ claimId: 'clm-3', category: 'pump', ...bright }))
      .then([indexed('clm-3', 'pump', 0, { ...bright, unitFlags: ['many_claims_on_unit'] })]);
    spec
      .given(twoOnUnit)
      .when(open({ claimId: 'clm-3', ...bright, reviewThresholds: { maxClaimsPerUnit: 5 } }))
      .then([indexed('clm-3', 'door seal', 0, { ...bright, unitFlags: ['open_claim_on_unit'] })]);
    // Once the open claim is released, the same defect is no duplicate any more.
    spec
      .given([indexed('clm-1', 'door seal', 0), released('clm-1', 'door seal')])
      .when(open({ claimId: 'clm-2', ...bright }))
      .then([indexed('clm-2', 'door seal', 0, bright)]);
    expect(
      unitFlagsFor(
        fold(claimIndexDecider, [
          indexed('clm-1', 'door seal', 0),
          indexed('clm-2', 'door seal', 0, { ...bright, unitFlags: ['open_claim_on_unit'] }),
        ]),
        'clm-2',
      ),
    ).toEqual(['open_claim_on_unit']);
    const legacy = indexed('clm-0', 'door seal', 0);
    delete legacy.data.retailerId;
    spec
      .given([legacy])
      .when(open({ claimId: 'clm-2', ...bright }))
      .thenThrows<IllegalStateError>(IllegalStateError, (e) =>
        expect(e.details).toMatchObject({ openClaimId: 'clm-0', openClaimRetailerId: null }),
      );
  });

  it('changes nothing when the same filing is retried', () => {
    spec
      .given([indexed('clm-1', 'door seal', 0)])
      .when(open())
      .thenNothing();
  });

  it.each([
    ['open', [indexed('clm-1', 'door seal', 0)], 'drum'],
    ['released', [indexed('clm-1', 'door seal', 0), released('clm-1', 'door seal')], 'door seal'],
  ] as const)('refuses to index a claim that is already %s', (state, history, category) => {
    spec
      .given([...history])
      .when(open({ category }))
      .thenThrows<IllegalStateError>(IllegalStateError, (e) => {
        expect(e.code).toBe('claim-already-indexed');
        expect(e.state).toBe(state);
      });
  });

  it.each([
    ['invalid-serial-number', { serialNumber: 'SN 1' }],
    ['invalid-defect-category', { category: '' }],
    ['field-required', { claimId: '' }],
    ['invalid-instant', { at: 'now' }],
  ] as const)('refuses bad input with %s', (code, overrides) => {
    spec
      .given([])
      .when(open(overrides))
      .thenThrows<RuleViolationError>(RuleViolationError, (e) => expect(e.code).toBe(code));
  });

  it('refuses a command for another unit', () => {
    spec
      .given([indexed('clm-1', 'door seal', 0)])
      .when(open({ claimId: 'clm-2', serialNumber: 'SN-002' }))
      .thenThrows<RuleViolationError>(RuleViolationError, (e) =>
        expect(e.code).toBe('index-mismatch'),
      );
  });

  it('releases an open claim, and releasing again or an unknown claim changes nothing', () => {
    spec
      .given([indexed('clm-1', 'door seal', 0)])
      .when({ type: 'ReleaseClaim', claimId: 'clm-1', at })
      .then([released('clm-1', 'door seal')]);
    spec
      .given([indexed('clm-1', 'door seal', 0), released('clm-1', 'door seal')])
      .when({ type: 'ReleaseClaim', claimId: 'clm-1', at })
      .thenNothing();
    spec.given([]).when({ type: 'ReleaseClaim', claimId: 'clm-9', at }).thenNothing();
  });

  it('is released by closing, withdrawing or a final rejection only', () => {
    const releasing: ClaimEvent[] = [
      claimClosed('resolved'),
      claimWithdrawn(),
      claimRejected({ final: true }),
    ];
    const holding: ClaimEvent[] = [
      claimFiled(),
      reviewStarted(),
      infoRequested,
      claimRejected({ final: false }),
    ];
    for (const event of releasing) expect(releasesClaimIndex(event)).toBe(true);
    for (const event of holding) expect(releasesClaimIndex(event)).toBe(false);
  });
});

/** A stream with an expected-revision append, as the event store port does it. */
class InMemoryStream<Command, Event extends ClaimIndexEvent, State> {
  readonly events: Event[] = [];
  constructor(private readonly decider: Decider<Command, Event, State>) {}
  load(): { state: State; revision: number } {
    return { state: fold(this.decider, this.events), revision: this.events.length - 1 };
  }
  append(events: Event[], expectedRevision: number): void {
    if (expectedRevision !== this.events.length - 1) throw new Error('wrong expected revision');
    this.events.push(...events);
  }
}

describe('concurrent filings on one unit', () => {
  it('let only one of two simultaneous filings for a category through', () => {
    const stream = new InMemoryStream(claimIndexDecider);
    // Both requests read the (empty) index before either appends.
    const a = stream.load();
    const b = stream.load();
    const eventsA = claimIndexDecider.decide(open({ claimId: 'clm-a' }), a.state);
    const eventsB = claimIndexDecider.decide(open({ claimId: 'clm-b' }), b.state);
    stream.append(eventsA, a.revision);
    expect(() => stream.append(eventsB, b.revision)).toThrow('wrong expected revision');
    // The loser retries on the fresh state and gets the 409 naming the winner.
    const retry = stream.load();
    expect(() => claimIndexDecider.decide(open({ claimId: 'clm-b' }), retry.state)).toThrow(
      expect.objectContaining({
        code: 'open-claim-exists',
        details: expect.objectContaining({ openClaimId: 'clm-a' }),
      }),
    );
  });
});

describe('claim index properties', () => {
  const command: fc.Arbitrary<ClaimIndexCommand> = fc.oneof(
    fc.record({
      type: fc.constant('OpenClaimForCategory' as const),
      manufacturerId: fc.constant('acme'),
      serialNumber: fc.constant('sn-1'),
      claimId: fc.constantFrom('c1', 'c2', 'c3', 'c4', 'c5', 'c6'),
      retailerId: fc.constant('acme-retail'),
      category: fc.constantFrom('door', 'Door', 'drum', 'pump'),
      at: fc.constant(at),
    }),
    fc.record({
      type: fc.constant('ReleaseClaim' as const),
      claimId: fc.constantFrom('c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7'),
      at: fc.constant(at),
    }),
  );

  it('never holds two open claims for one category and counts every claim once', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 40 }), (commands) => {
        const log: ClaimIndexEvent[] = [];
        let state: ClaimIndexState = claimIndexDecider.initialState;
        for (const next of commands) {
          try {
            for (const event of claimIndexDecider.decide(next, state)) {
              log.push(event);
              state = claimIndexDecider.evolve(state, event);
            }
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
          }
          const categories = state.open.map((c) => c.category);
          expect(new Set(categories).size).toBe(categories.length);
        }
        const indexedEvents = log.filter((e): e is ClaimIndexed => e.type === 'ClaimIndexed');
        expect(state.totalClaims).toBe(indexedEvents.length);
        const claimIds = state.claims.map((c) => c.claimId);
        expect(new Set(claimIds).size).toBe(claimIds.length);
        indexedEvents.forEach((e, i) => expect(e.data.priorClaimsOnUnit).toBe(i));
      }),
      { numRuns: 300 },
    );
  });
});
