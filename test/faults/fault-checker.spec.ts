import { foldStoredEvents, type StoredEvent } from './stored-cases';
import { checkRound, type ReadApi } from './verify';
import type { Write } from './writers';

const PREFIX = 'FTEST-';
const CLAIM = '7a925ee6-41ff-4c70-9a69-68e7f51129fb';
const OTHER = '581ad205-73fb-4f77-ae21-62ad621b8580';
const RMA = '0d6f3b8e-5a4c-5f4e-9d39-3f1c2b7a9e10';
const RMA_2 = '4b2a9c1d-7e3f-5a6b-8c9d-0e1f2a3b4c5d';

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
const rma = (serial: string, id: string, rmaNumber: string, overrides: Partial<Write> = {}) =>
  write({ kind: 'rma', serialNumber: serial, id, rmaNumber, ...overrides });

const reserved = (rmaId: string, sequence: number): StoredEvent => ({
  type: 'RmaNumberReserved',
  serial: null,
  claim_id: null,
  rma_id: rmaId,
  rma_number: numberOf(sequence),
  year: 2026,
  sequence,
});
const numberOf = (sequence: number) => `RMA-2026-${String(sequence).padStart(6, '0')}`;
const authorized = (serial: string, rmaId: string, rmaNumber: string): StoredEvent => ({
  type: 'RmaAuthorized',
  serial,
  claim_id: null,
  rma_id: rmaId,
  rma_number: rmaNumber,
});
/** An RMA whose number was reserved as sequence `n` and authorized with it. */
const wholeRma = (serial: string, rmaId: string, n: number): StoredEvent[] => [
  reserved(rmaId, n),
  authorized(serial, rmaId, numberOf(n)),
];

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

/** The read side answering for what `visible` holds, listing `listed` claim and RMA ids. */
function readSide(visible: {
  products: string[];
  claims: string[];
  listed: string[];
  rmas?: string[];
  queued?: string[];
}): ReadApi {
  return {
    async get(path) {
      const url = new URL(path, 'http://x');
      if (url.pathname === '/v1/rma-queue')
        return {
          status: 200,
          body: { items: (visible.queued ?? []).map((rmaId) => ({ rmaId })), nextCursor: null },
        };
      if (url.pathname.startsWith('/v1/rmas/')) {
        const id = url.pathname.slice('/v1/rmas/'.length);
        return { status: visible.rmas?.includes(id) ? 200 : 404, body: {} };
      }
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

  describe('RMA authorizations', () => {
    const seen = { ...everything, rmas: [RMA, RMA_2], queued: [RMA, RMA_2] };
    const twoRmas = [rma(`${PREFIX}1`, RMA, numberOf(1)), rma(`${PREFIX}2`, RMA_2, numberOf(2))];

    it('finds acknowledged RMAs stored once with the numbers they answered, readable and queued', async () => {
      const stored = foldStoredEvents(
        [...wholeRma(`${PREFIX}1`, RMA, 1), ...wholeRma(`${PREFIX}2`, RMA_2, 2)],
        PREFIX,
      );
      expect(await checkRound(readSide(seen), stored, twoRmas, 0)).toMatchObject({
        acknowledged: 2,
        found: 2,
        lost: 0,
        duplicated: 0,
        misnumbered: 0,
        halfWritten: 0,
      });
    });

    it('counts an RMA missing from the store, the API or the queue as lost', async () => {
      const onlyReserved = foldStoredEvents([reserved(RMA, 1)], PREFIX);
      const one = [rma(`${PREFIX}1`, RMA, numberOf(1))];
      expect(await checkRound(readSide(seen), onlyReserved, one, 0)).toMatchObject({ lost: 1 });
      const whole = foldStoredEvents(wholeRma(`${PREFIX}1`, RMA, 1), PREFIX);
      expect(await checkRound(readSide({ ...seen, queued: [] }), whole, one, 0)).toMatchObject({
        found: 0,
        lost: 1,
      });
      expect(await checkRound(readSide({ ...seen, rmas: [] }), whole, one, 0)).toMatchObject({
        found: 0,
        lost: 1,
      });
    });

    it('counts a second RMA for one key, a second RmaAuthorized or a second queue entry as duplicated', async () => {
      const one = [rma(`${PREFIX}1`, RMA, numberOf(1))];
      const secondRma = foldStoredEvents(
        [...wholeRma(`${PREFIX}1`, RMA, 1), ...wholeRma(`${PREFIX}1`, RMA_2, 2)],
        PREFIX,
      );
      expect(await checkRound(readSide(seen), secondRma, one, 0)).toMatchObject({
        duplicated: 1,
      });
      const authorizedTwice = foldStoredEvents(
        [...wholeRma(`${PREFIX}1`, RMA, 1), authorized(`${PREFIX}1`, RMA, numberOf(1))],
        PREFIX,
      );
      expect(await checkRound(readSide(seen), authorizedTwice, one, 0)).toMatchObject({
        duplicated: 1,
      });
      const whole = foldStoredEvents(wholeRma(`${PREFIX}1`, RMA, 1), PREFIX);
      expect(
        await checkRound(readSide({ ...seen, queued: [RMA, RMA] }), whole, one, 0),
      ).toMatchObject({ duplicated: 1 });
    });

    it('counts a repeated, skipped, moved or misreported number as misnumbered', async () => {
      const check = (events: StoredEvent[], writes = twoRmas) =>
        checkRound(readSide(seen), foldStoredEvents(events, PREFIX), writes, 0);
      const whole = [...wholeRma(`${PREFIX}1`, RMA, 1), ...wholeRma(`${PREFIX}2`, RMA_2, 2)];
      expect(await check(whole)).toMatchObject({ misnumbered: 0 });

      const sameSequence = [
        ...wholeRma(`${PREFIX}1`, RMA, 1),
        reserved(RMA_2, 1),
        authorized(`${PREFIX}2`, RMA_2, numberOf(1)),
      ];
      expect(await check(sameSequence, [])).toMatchObject({ misnumbered: 1 });
      const gap = [...wholeRma(`${PREFIX}1`, RMA, 1), ...wholeRma(`${PREFIX}2`, RMA_2, 3)];
      expect(await check(gap, [])).toMatchObject({ misnumbered: 1 });
      const reservedTwice = [...whole, reserved(RMA, 3)];
      expect(await check(reservedTwice, [])).toMatchObject({ misnumbered: 1 });
      const notTheReservedNumber = [
        reserved(RMA, 1),
        authorized(`${PREFIX}1`, RMA, numberOf(2)),
        reserved(RMA_2, 2),
      ];
      expect(
        (await check(notTheReservedNumber, [])).problems.filter((p) => p.includes('reserved RMA')),
      ).toEqual([`RMA ${RMA} authorized as ${numberOf(2)}, reserved ${numberOf(1)}`]);

      const answeredOther = [rma(`${PREFIX}1`, RMA, numberOf(2))];
      expect(await check(wholeRma(`${PREFIX}1`, RMA, 1), answeredOther)).toMatchObject({
        found: 0,
        misnumbered: 1,
      });
    });

    it('counts a number reserved for an RMA never authorized as half-written, unless an RMA write is still retried', async () => {
      const stranded = foldStoredEvents(
        [...wholeRma(`${PREFIX}1`, RMA, 1), reserved(RMA_2, 2)],
        PREFIX,
      );
      const one = [rma(`${PREFIX}1`, RMA, numberOf(1))];
      expect(await checkRound(readSide(seen), stranded, one, 0)).toMatchObject({
        halfWritten: 1,
      });
      const retried = rma(`${PREFIX}2`, '', '', { outcome: 'pending' });
      expect(await checkRound(readSide(seen), stranded, [...one, retried], 0)).toMatchObject({
        halfWritten: 0,
        pending: 1,
      });
    });

    it('counts a refused RMA that was authorized all the same as orphaned', async () => {
      const stored = foldStoredEvents(wholeRma(`${PREFIX}1`, RMA, 1), PREFIX);
      const refused = rma(`${PREFIX}1`, '', '', { outcome: 'refused', refusal: '422 x' });
      expect(await checkRound(readSide(seen), stored, [refused], 0)).toMatchObject({
        orphaned: 1,
      });
    });
  });

  it('ignores events of other runs', () => {
    const stored = foldStoredEvents([registered('FOTHER-1')], PREFIX);
    expect(stored.units.size).toBe(0);
  });
});
