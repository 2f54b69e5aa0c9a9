import { fold, RuleViolationError } from '@warranty/eventsourcing';
import { deciderSpecification } from '@warranty/testing';
import { claimDecider } from '../../src/domain/claim.decider';
import { claimStream } from '../../src/domain/claim.state';
import { claimFiled, fileClaim } from './fixtures';

const spec = deciderSpecification(claimDecider);

const receipt = { date: '2026-01-12', retailerId: 'shop-9', reference: 'INV-4411' };
const uncovered = {
  covered: false,
  planCode: null,
  endDate: null,
  reason: 'not_registered' as const,
};

describe('FileClaim', () => {
  it('files a claim with normalized serial, defect category, e-mail and evidence hash', () => {
    spec.given([]).when(fileClaim()).then([claimFiled()]);
  });

  it('leaves a submitted claim that remembers its filing', () => {
    expect(fold(claimDecider, [claimFiled()])).toMatchObject({
      status: 'submitted',
      claimId: 'clm-1',
      retailerId: 'shop-1',
      manufacturerId: 'acme',
      serialNumber: 'SN-001',
      filing: {
        coverage: { covered: true },
        price: { amount: 129_900, currency: 'EUR' },
        flags: [],
      },
      appeal: null,
      updatedAt: '2026-02-21T08:30:00.000Z',
    });
    expect(claimStream('clm-1')).toBe('claim-clm-1');
  });

  it('takes the purchase date from the registration even with a receipt', () => {
    spec
      .given([])
      .when(fileClaim({ proofOfPurchase: receipt }))
      .then([claimFiled({ proofOfPurchase: receipt })]);
  });

  it('files against an unregistered unit with a proof of purchase, assessed from the receipt', () => {
    spec
      .given([])
      .when(
        fileClaim({
          registration: null,
          proofOfPurchase: receipt,
          model: ' WM-9000 ',
          coverage: { covered: true, planCode: 'STD-24', endDate: '2028-01-11', reason: null },
        }),
      )
      .then([
        claimFiled({
          productId: null,
          price: null,
          model: 'WM-9000',
          productCategory: null,
          purchaseDate: '2026-01-12',
          proofOfPurchase: receipt,
          coverage: {
            covered: true,
            planCode: 'STD-24',
            endDate: '2028-01-11',
            reason: null,
            source: 'proof_of_purchase',
          },
        }),
      ]);
  });

  it('accepts an uncovered unit and records why it is not covered', () => {
    spec
      .given([])
      .when(fileClaim({ registration: null, proofOfPurchase: receipt, coverage: uncovered }))
      .then([
        claimFiled({
          productId: null,
          price: null,
          model: null,
          productCategory: null,
          purchaseDate: '2026-01-12',
          proofOfPurchase: receipt,
          coverage: { ...uncovered, source: 'proof_of_purchase' },
        }),
      ]);
  });

  it('records review flags from the history and the manufacturer thresholds', () => {
    spec
      .given([])
      .when(
        fileClaim({
          history: { priorClaimsOnUnit: 2, customerClaimsLastYear: 3 },
          reviewThresholds: { soonAfterPurchaseDays: 60 },
        }),
      )
      .then([
        claimFiled({
          flags: ['filed_soon_after_purchase', 'many_claims_on_unit', 'many_claims_by_customer'],
        }),
      ]);
  });

  it('omits a phone number that was not given', () => {
    const [event] = claimDecider.decide(
      fileClaim({ customer: { name: 'Alice', email: 'alice@example.com' } }),
      claimDecider.initialState,
    );
    expect(event.type === 'ClaimFiled' && event.data.customer).toEqual({
      name: 'Alice',
      email: 'alice@example.com',
    });
  });

  it('accepts a failure on the purchase day and a claim filed the day of the failure', () => {
    spec
      .given([])
      .when(fileClaim({ failureDate: '2026-01-10', filedAt: '2026-01-10T23:00:00Z' }))
      .then([
        claimFiled({
          failureDate: '2026-01-10',
          filedAt: '2026-01-10T23:00:00Z',
          flags: ['filed_soon_after_purchase'],
        }),
      ]);
  });

  it.each([
    ['proof-of-purchase-required', 'proofOfPurchase', { registration: null }],
    [
      'registration-mismatch',
      'registration.productId',
      {
        registration: {
          productId: 'acme~SN-002',
          model: 'M',
          category: 'c',
          purchaseDate: '2026-01-10',
          price: { amount: 1, currency: 'EUR' },
        },
      },
    ],
    ['invalid-serial-number', 'serialNumber', { serialNumber: 'SN 001' }],
    ['field-required', 'claimId', { claimId: ' ' }],
    ['field-required', 'retailerId', { retailerId: '' }],
    ['invalid-instant', 'filedAt', { filedAt: 'now' }],
    ['invalid-date', 'failureDate', { failureDate: '2026-02-30' }],
    ['failure-date-in-future', 'failureDate', { failureDate: '2026-02-22' }],
    ['failure-date-before-purchase', 'failureDate', { failureDate: '2026-01-09' }],
    [
      'purchase-date-in-future',
      'proofOfPurchase.date',
      { registration: null, proofOfPurchase: { ...receipt, date: '2026-02-22' } },
    ],
    [
      'invalid-date',
      'proofOfPurchase.date',
      { registration: null, proofOfPurchase: { ...receipt, date: '12/01/2026' } },
    ],
    [
      'field-required',
      'proofOfPurchase.reference',
      { registration: null, proofOfPurchase: { ...receipt, reference: '' } },
    ],
    [
      'invalid-defect-category',
      'defect.category',
      { defect: { category: '  ', description: 'x' } },
    ],
    [
      'field-required',
      'defect.description',
      { defect: { category: 'door seal', description: '' } },
    ],
    [
      'invalid-evidence',
      'evidence[0].kind',
      {
        evidence: [
          { kind: 'hologram' as never, uri: 'https://x/y', sha256: 'a'.repeat(64), sizeBytes: 1 },
        ],
      },
    ],
    [
      'invalid-evidence',
      'evidence[0].uri',
      {
        evidence: [
          { kind: 'photo' as const, uri: 'not a uri', sha256: 'a'.repeat(64), sizeBytes: 1 },
        ],
      },
    ],
    [
      'invalid-evidence',
      'evidence[0].sha256',
      {
        evidence: [{ kind: 'photo' as const, uri: 'https://x/y', sha256: 'abc', sizeBytes: 1 }],
      },
    ],
    [
      'invalid-evidence',
      'evidence[0].sizeBytes',
      {
        evidence: [
          { kind: 'photo' as const, uri: 'https://x/y', sha256: 'a'.repeat(64), sizeBytes: 1.5 },
        ],
      },
    ],
    ['field-required', 'customer.name', { customer: { name: '', email: 'a@b.co' } }],
    ['invalid-email', 'customer.email', { customer: { name: 'A', email: 'alice' } }],
    ['invalid-phone', 'customer.phone', { customer: { name: 'A', email: 'a@b.co', phone: ' ' } }],
    [
      'invalid-requested-resolution',
      'requestedResolution',
      { requestedResolution: 'credit' as never },
    ],
    [
      'invalid-coverage',
      'coverage',
      { coverage: { covered: true, planCode: 'STD-24', endDate: '2028-01-09', reason: 'expired' } },
    ],
    [
      'invalid-coverage',
      'coverage',
      { coverage: { covered: false, planCode: null, endDate: null, reason: null } },
    ],
    [
      'invalid-date',
      'coverage.endDate',
      { coverage: { covered: true, planCode: 'STD-24', endDate: '2028-13-01', reason: null } },
    ],
    [
      'invalid-claim-history',
      'priorClaimsOnUnit',
      { history: { priorClaimsOnUnit: -1, customerClaimsLastYear: 0 } },
    ],
    [
      'invalid-review-threshold',
      'reviewThresholds.maxClaimsPerUnit',
      { reviewThresholds: { maxClaimsPerUnit: 1.5 } },
    ],
  ] as const)('refuses %s (%s)', (code, field, overrides) => {
    spec
      .given([])
      .when(fileClaim(overrides as never))
      .thenThrows<RuleViolationError>(RuleViolationError, (e) => {
        expect(e.code).toBe(code);
        expect(e.details).toEqual({ field });
        expect(e.kind).toBe('invalid');
      });
  });
});
