import { foldStoredEvents, type StoredEvent } from './stored-cases';
import { checkRound, type ReadApi } from './verify';
import type { Write } from './writers';

const PREFIX = 'FTEST-';
const CLAIM = '7a925ee6-41ff-4c70-9a69-68e7f51129fb';
const OTHER = '581ad205-73fb-4f77-ae21-62ad621b8580';

const write = (overrides: Partial<Write>): Write => ({
  kind: 'product',
  idempotencyKey: 'key',
  serialNumber: `${PREFIX}1`,
  body: '{}',
  outcome: 'acknowledged',
  attempts: 1,
  retryAt: 0,
  round: 1,
  position: '10',
  ...overrides,
});
const product = (serial: string) =>
  write({ serialNumber: serial, id: `acme-appliances~${serial}` });
const claim = (serial: string, id: string, overrides: Partial<Write> = {}) =>
  write({ kind: 'claim', serialNumber: serial, id, ...overrides });

const registered = (serial: string): StoredEvent => ({
  type: 'ProductRegistered',
  serial,
  claim_id: null,
});
/** A claim whose three streams all agree. */
const wholeClaim = (serial: string, claimId: string): StoredEvent[] => [
  { type: 'ClaimIndexed', serial, claim_id: claimId },
  { type: 'ClaimFiled', serial, claim_id: claimId },
  { type: 'CustomerClaimRecorded', serial: null, claim_id: claimId },
];

/** The read side answering for what `visible` holds, listing `listed` claim ids. */
function readSide(visible: { products: string[]; claims: string[]; listed: string[] }): ReadApi {
  return {
    async get(path) {
      const url = new URL(path, 'http://x');
      if (url.pathname.startsWith('/v1/products/')) {
        const id = decodeURIComponent(url.pathname.slice('/v1/products/'.length));
        return { status: visible.products.includes(id) ? 200 : 404, body: {} };
      }
      if (url.pathname === '/v1/coverage') {
        const id = `acme-appliances~${url.searchParams.get('serialNumber')}`;
        return { status: 200, body: { productId: visible.products.includes(id) ? id : null } };
      }
      if (url.pathname === '/v1/claim-list')
        return {
          status: 200,
          body: { items: visible.listed.map((claimId) => ({ claimId })), nextCursor: null },
        };
      const id = url.pathname.split('/').pop() ?? '';
      return { status: visible.claims.includes(id) ? 200 : 404, body: {} };
    },
  };
}

const everything = {
  products: [`acme-appliances~${PREFIX}1`],
  claims: [CLAIM],
  listed: [CLAIM],
};

describe('the fault run checker', () => {
  it('finds an acknowledged unit and claim stored once and readable', async () => {
    const stored = foldStoredEvents(
      [registered(`${PREFIX}1`), ...wholeClaim(`${PREFIX}1`, CLAIM)],
      PREFIX,
    );
    const check = await checkRound(
      readSide(everything),
      stored,
      [product(`${PREFIX}1`), claim(`${PREFIX}1`, CLAIM)],
      0,
    );
    expect(check).toMatchObject({
      acknowledged: 2,
      found: 2,
      lost: 0,
      duplicated: 0,
      halfWritten: 0,
    });
  });

  it('counts an acknowledged write missing from the store, the API or the read model as lost', async () => {
    const noEvents = await checkRound(
      readSide(everything),
      foldStoredEvents([], PREFIX),
      [product(`${PREFIX}1`), claim(`${PREFIX}1`, CLAIM)],
      0,
    );
    expect(noEvents).toMatchObject({ acknowledged: 2, found: 0, lost: 2 });

    const stored = foldStoredEvents(
      [registered(`${PREFIX}1`), ...wholeClaim(`${PREFIX}1`, CLAIM)],
      PREFIX,
    );
    const notListed = await checkRound(
      readSide({ ...everything, listed: [] }),
      stored,
      [claim(`${PREFIX}1`, CLAIM)],
      0,
    );
    expect(notListed).toMatchObject({ found: 0, lost: 1 });
    const noCoverage = await checkRound(
      readSide({ ...everything, products: [] }),
      stored,
      [product(`${PREFIX}1`)],
      0,
    );
    expect(noCoverage).toMatchObject({ found: 0, lost: 1 });
  });

  it('counts a second claim for one key, a second ClaimFiled or a second listing as duplicated', async () => {
    const twoClaims = foldStoredEvents(
      [...wholeClaim(`${PREFIX}1`, CLAIM), ...wholeClaim(`${PREFIX}1`, OTHER)],
      PREFIX,
    );
    const secondClaim = await checkRound(
      readSide(everything),
      twoClaims,
      [claim(`${PREFIX}1`, CLAIM)],
      0,
    );
    expect(secondClaim).toMatchObject({ duplicated: 1, found: 0 });

    const refiled = foldStoredEvents(
      [
        ...wholeClaim(`${PREFIX}1`, CLAIM),
        { type: 'ClaimFiled', serial: `${PREFIX}1`, claim_id: CLAIM },
      ],
      PREFIX,
    );
    expect(
      await checkRound(readSide(everything), refiled, [claim(`${PREFIX}1`, CLAIM)], 0),
    ).toMatchObject({ duplicated: 1 });

    const listedTwice = readSide({ ...everything, listed: [CLAIM, CLAIM] });
    const whole = foldStoredEvents(wholeClaim(`${PREFIX}1`, CLAIM), PREFIX);
    expect(await checkRound(listedTwice, whole, [claim(`${PREFIX}1`, CLAIM)], 0)).toMatchObject({
      duplicated: 1,
    });
  });

  it('counts a refused write whose case was written as orphaned', async () => {
    const stored = foldStoredEvents(wholeClaim(`${PREFIX}1`, CLAIM), PREFIX);
    const refused = claim(`${PREFIX}1`, '', {
      outcome: 'refused',
      refusal: '409 open-claim-exists',
    });
    expect(await checkRound(readSide(everything), stored, [refused], 0)).toMatchObject({
      refused: 1,
      orphaned: 1,
    });
  });

  it('counts a case whose streams disagree as half-written, unless its write is still being retried', async () => {
    const unfiled = foldStoredEvents(
      [{ type: 'ClaimIndexed', serial: `${PREFIX}1`, claim_id: CLAIM }],
      PREFIX,
    );
    expect(await checkRound(readSide(everything), unfiled, [], 0)).toMatchObject({
      halfWritten: 1,
    });
    const pending = claim(`${PREFIX}1`, '', { outcome: 'pending' });
    expect(await checkRound(readSide(everything), unfiled, [pending], 0)).toMatchObject({
      halfWritten: 0,
      pending: 1,
    });

    const released = foldStoredEvents(
      [
        { type: 'ClaimIndexed', serial: `${PREFIX}1`, claim_id: CLAIM },
        { type: 'ClaimReleased', serial: `${PREFIX}1`, claim_id: CLAIM },
      ],
      PREFIX,
    );
    expect(await checkRound(readSide(everything), released, [], 0)).toMatchObject({
      halfWritten: 0,
    });

    const noClaimant = foldStoredEvents(wholeClaim(`${PREFIX}1`, CLAIM).slice(0, 2), PREFIX);
    expect(await checkRound(readSide(everything), noClaimant, [], 0)).toMatchObject({
      halfWritten: 1,
    });
    const noIndex = foldStoredEvents(wholeClaim(`${PREFIX}1`, CLAIM).slice(1), PREFIX);
    expect(await checkRound(readSide(everything), noIndex, [], 0)).toMatchObject({
      halfWritten: 1,
    });
  });

  it('ignores events of other runs', () => {
    const stored = foldStoredEvents([registered('FOTHER-1')], PREFIX);
    expect(stored.units.size).toBe(0);
  });
});
