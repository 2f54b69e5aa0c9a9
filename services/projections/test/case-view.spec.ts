import { CLAIM_STATES, ClaimStatusView, describeCase, moneyInWords, RmaQueueRow } from '../src';

const at = (iso: string) => new Date(iso);

/** A claim filed and nothing else yet; each case overrides what its state has. */
function row(overrides: Partial<ClaimStatusView> = {}): ClaimStatusView {
  return Object.assign(new ClaimStatusView(), {
    claimId: 'clm-1',
    state: 'submitted',
    retailerId: 'shop-1',
    manufacturerId: 'acme',
    serialNumber: 'SN-001',
    productId: 'acme~SN-001',
    model: 'WM-9000',
    productCategory: 'washing_machine',
    defectCategory: 'door seal',
    defectDescription: 'Leaks water',
    customerEmail: 'alice@example.com',
    requestedResolution: 'repair',
    decision: null,
    decidedBy: null,
    approvedResolution: null,
    approvedAmount: null,
    approvedCurrency: null,
    goodwill: false,
    rejectionReason: null,
    rejectionFinal: false,
    coverageCovered: true,
    coveragePlanCode: 'STD-24',
    coverageEndDate: '2028-01-09',
    coverageReason: null,
    coverageSource: 'registration',
    flags: [],
    flagged: false,
    appealUsed: false,
    infoQuestion: null,
    infoDueBy: null,
    outcome: null,
    filedAt: at('2026-02-21T08:30:00.000Z'),
    reviewStartedAt: null,
    infoRequestedAt: null,
    infoProvidedAt: null,
    decidedAt: null,
    appealedAt: null,
    withdrawnAt: null,
    fulfilmentStartedAt: null,
    resolvedAt: null,
    closedAt: null,
    rmaId: null,
    repairOrderId: null,
    lastEventAt: at('2026-02-21T08:30:00.000Z'),
    lastRevision: 0,
    updatedPosition: 1n,
    ...overrides,
  });
}

const approvedRepair: Partial<ClaimStatusView> = {
  decision: 'approved',
  decidedAt: at('2026-02-24T09:00:00.000Z'),
  decidedBy: 'reviewer-7',
  approvedResolution: 'repair',
};
const rejectedMisuse: Partial<ClaimStatusView> = {
  decision: 'rejected',
  decidedAt: at('2026-02-24T09:00:00.000Z'),
  decidedBy: 'reviewer-7',
  rejectionReason: 'misuse',
};

/** state, the row's facts, then the words, next step and holder a screen must show. */
const table: Array<[string, Partial<ClaimStatusView>, string, string, string, string | null]> = [
  [
    'submitted',
    {},
    'Waiting for the manufacturer to review the claim',
    'The manufacturer reviews the claim: it approves it, rejects it or asks for more information.',
    'manufacturer',
    'acme',
  ],
  [
    'under_review',
    { reviewStartedAt: at('2026-02-22T09:00:00.000Z') },
    'The manufacturer is reviewing the claim',
    'The manufacturer approves or rejects the claim, or asks for more information.',
    'manufacturer',
    'acme',
  ],
  [
    'info_requested',
    {
      infoRequestedAt: at('2026-02-23T09:00:00.000Z'),
      infoQuestion: 'Rating plate photo?',
      infoDueBy: at('2026-03-05T17:00:00.000Z'),
    },
    "Waiting for the retailer to answer the manufacturer's question",
    'The retailer answers the question by 2026-03-05 17:00 UTC; the manufacturer then continues the review.',
    'retailer',
    'shop-1',
  ],
  [
    'approved',
    approvedRepair,
    'Approved for a repair',
    'The manufacturer authorizes the return of the unit (RMA) for a repair.',
    'manufacturer',
    'acme',
  ],
  [
    'approved',
    {
      ...approvedRepair,
      approvedResolution: 'credit',
      approvedAmount: 5000,
      approvedCurrency: 'USD',
      goodwill: true,
    },
    'Approved for a credit of 50.00 USD, as a goodwill gesture',
    'The manufacturer issues a credit; the claim is then resolved.',
    'manufacturer',
    'acme',
  ],
  [
    'rejected',
    rejectedMisuse,
    'Rejected by the manufacturer: the damage was caused by misuse',
    'The retailer may appeal the decision once; otherwise the claim is closed.',
    'retailer',
    'shop-1',
  ],
  [
    'rejected',
    {
      ...rejectedMisuse,
      appealUsed: true,
      rejectionFinal: true,
      appealedAt: at('2026-02-25T09:00:00.000Z'),
    },
    'Rejected by the manufacturer after an appeal: the damage was caused by misuse',
    'The rejection is final and cannot be appealed; the manufacturer closes the claim.',
    'manufacturer',
    'acme',
  ],
  [
    'appealed',
    { ...rejectedMisuse, appealUsed: true, appealedAt: at('2026-02-25T09:00:00.000Z') },
    'Appealed by the retailer; waiting for the manufacturer to review the claim again',
    'The manufacturer reviews the claim again and decides; that decision is final.',
    'manufacturer',
    'acme',
  ],
  [
    'in_fulfilment',
    { ...approvedRepair, fulfilmentStartedAt: at('2026-02-25T09:00:00.000Z'), rmaId: 'rma-1' },
    'Approved; a repair is under way (RMA rma-1)',
    'The unit comes back under the RMA, is repaired and shipped back; the claim is then resolved.',
    'manufacturer',
    'acme',
  ],
  [
    'in_fulfilment',
    {
      ...approvedRepair,
      approvedResolution: 'replace',
      fulfilmentStartedAt: at('2026-02-25T09:00:00.000Z'),
      rmaId: 'rma-2',
    },
    'Approved; a replacement is under way (RMA rma-2)',
    'The faulty unit comes back under the RMA and a replacement is shipped; the claim is then resolved.',
    'manufacturer',
    'acme',
  ],
  [
    'resolved',
    { ...approvedRepair, resolvedAt: at('2026-03-01T09:00:00.000Z'), outcome: 'repaired' },
    'Resolved: the unit was repaired',
    'Nothing more is needed from the customer or the retailer; the manufacturer closes the claim.',
    'manufacturer',
    'acme',
  ],
  [
    'closed',
    {
      ...approvedRepair,
      resolvedAt: at('2026-03-01T09:00:00.000Z'),
      outcome: 'replaced',
      closedAt: at('2026-03-02T09:00:00.000Z'),
    },
    'Closed after it was resolved: the unit was replaced',
    'Nothing: the case is finished.',
    'nobody',
    null,
  ],
  [
    'closed',
    { ...rejectedMisuse, closedAt: at('2026-03-02T09:00:00.000Z') },
    'Closed after it was rejected: the damage was caused by misuse',
    'Nothing: the case is finished.',
    'nobody',
    null,
  ],
  [
    'withdrawn',
    { withdrawnAt: at('2026-02-23T09:00:00.000Z') },
    'Withdrawn before a decision was made',
    'Nothing: the case is finished.',
    'nobody',
    null,
  ],
];

describe('case status in plain words', () => {
  it.each(table)('%s: %s', (state, facts, stateInWords, nextStep, party, tenantId) => {
    const view = describeCase(row({ state: state as ClaimStatusView['state'], ...facts }));
    expect(view).toMatchObject({ state, stateInWords, nextStep, heldBy: { party, tenantId } });
  });

  it('has words for every claim state', () => {
    expect(new Set(table.map(([state]) => state))).toEqual(new Set(CLAIM_STATES));
    for (const state of CLAIM_STATES) {
      const view = describeCase(row({ state }));
      expect(view.stateInWords).not.toMatch(/In state/);
      expect(view.nextStep.length).toBeGreaterThan(10);
    }
  });

  it('names the RMA by its number once the RMA queue has it', () => {
    const facts = {
      ...approvedRepair,
      rmaId: 'rma-1',
      fulfilmentStartedAt: at('2026-02-25T09:00:00.000Z'),
    };
    const rma = {
      rmaId: 'rma-1',
      rmaNumber: 'RMA-2026-000042',
      type: 'warranty_return',
      state: 'in_transit',
      manufacturerId: 'acme',
      retailerId: 'shop',
      claimId: null,
      lines: [],
      linesCount: 1,
      serialNumbers: ['SN-1'],
      returnBy: '2026-03-11',
      carrier: 'DHL',
      trackingNumber: 'T-1',
      steps: { authorized: '2026-02-25T09:00:00.000Z' },
      authorizedAt: at('2026-02-25T09:00:00.000Z'),
      lastEventAt: at('2026-02-26T09:00:00.000Z'),
      lastRevision: 1,
      updatedPosition: 2n,
    } as RmaQueueRow;
    expect(describeCase(row({ state: 'in_fulfilment', ...facts }), rma).stateInWords).toBe(
      'Approved; a repair is under way (RMA-2026-000042)',
    );
  });

  it('answers a state it does not know without failing', () => {
    expect(describeCase(row({ state: 'escalated' as ClaimStatusView['state'] }))).toMatchObject({
      stateInWords: 'In state "escalated"',
      heldBy: { party: 'nobody', tenantId: null },
    });
  });

  it('lists milestones in the order they happened and shows the open information request', () => {
    const view = describeCase(
      row({
        state: 'info_requested',
        reviewStartedAt: at('2026-02-22T09:00:00.000Z'),
        // Asked again after an appeal: the latest request is later than the decision.
        ...rejectedMisuse,
        appealedAt: at('2026-02-25T09:00:00.000Z'),
        infoRequestedAt: at('2026-02-26T09:00:00.000Z'),
        infoProvidedAt: at('2026-02-23T09:00:00.000Z'),
        infoQuestion: 'Receipt?',
        infoDueBy: at('2026-03-05T17:00:00.000Z'),
      }),
    );
    expect(view.milestones).toEqual([
      { name: 'filed', label: 'Claim filed', at: '2026-02-21T08:30:00.000Z' },
      { name: 'review_started', label: 'Review started', at: '2026-02-22T09:00:00.000Z' },
      { name: 'info_provided', label: 'Information provided', at: '2026-02-23T09:00:00.000Z' },
      { name: 'rejected', label: 'Rejected', at: '2026-02-24T09:00:00.000Z' },
      { name: 'appealed', label: 'Appealed', at: '2026-02-25T09:00:00.000Z' },
      {
        name: 'info_requested',
        label: 'More information requested',
        at: '2026-02-26T09:00:00.000Z',
      },
    ]);
    expect(view.infoRequest).toEqual({ question: 'Receipt?', dueBy: '2026-03-05T17:00:00.000Z' });
    expect(view.rma).toBeNull();
    expect(view.repair).toBeNull();
  });

  it('summarises the coverage assessed at filing', () => {
    const summary = (facts: Partial<ClaimStatusView>) => describeCase(row(facts)).coverage.summary;
    expect(summary({})).toBe('Covered by plan STD-24 until 2028-01-09');
    expect(summary({ coverageSource: 'proof_of_purchase' })).toBe(
      'Covered by plan STD-24 until 2028-01-09, established from the proof of purchase',
    );
    expect(
      summary({ coverageCovered: false, coverageReason: 'expired', coverageEndDate: '2026-01-01' }),
    ).toBe('Not covered on the failure date: the warranty expired on 2026-01-01');
    expect(
      summary({ coverageCovered: false, coverageReason: 'not_registered', coveragePlanCode: null }),
    ).toBe('Not covered on the failure date: the unit is not registered');
  });

  it('writes money with the currency’s own decimals', () => {
    expect(moneyInWords(12_999, 'EUR')).toBe('129.99 EUR');
    expect(moneyInWords(5, 'EUR')).toBe('0.05 EUR');
    expect(moneyInWords(1500, 'JPY')).toBe('1500 JPY');
    expect(moneyInWords(1234, 'KWD')).toBe('1.234 KWD');
  });
});

describe('the case chain', () => {
  it('ends a rejected and closed claim with the reason and the closing time', () => {
    const view = describeCase(
      row({
        state: 'closed',
        decision: 'rejected',
        decidedAt: at('2026-03-03T09:00:00.000Z'),
        rejectionReason: 'misuse',
        closedAt: at('2026-03-20T09:00:00.000Z'),
      }),
    );
    expect(view.chain.map((step) => step.text)).toEqual([
      'Claim rejected: the damage was caused by misuse (2026-03-03 09:00 UTC)',
      'Closed (2026-03-20 09:00 UTC)',
    ]);
  });

  it('ends a withdrawn claim with its withdrawal', () => {
    const view = describeCase(
      row({ state: 'withdrawn', withdrawnAt: at('2026-03-04T12:30:00.000Z') }),
    );
    expect(view.chain).toEqual([
      { step: 'claim', text: expect.stringMatching(/^Claim filed \(/), at: expect.any(String) },
      { step: 'outcome', text: 'Withdrawn (2026-03-04 12:30 UTC)', at: '2026-03-04T12:30:00.000Z' },
    ]);
  });
});
