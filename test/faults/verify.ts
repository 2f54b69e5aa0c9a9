import { sleep } from './all-in-one-process';
import {
  halfWrittenParts,
  numberingFaults,
  type StoredCases,
  type StoredRmas,
  type StoredUnit,
  unusedReservations,
} from './stored-cases';
import { FAILURE_DATE, MANUFACTURER, type Write } from './writers';

export interface RoundCheck {
  acknowledged: number;
  found: number;
  duplicated: number;
  lost: number;
  pending: number;
  refused: number;
  /** Cases whose streams disagree, left by writes that were not acknowledged. */
  halfWritten: number;
  /** Refused writes whose case was written all the same: a retry that did not converge. */
  orphaned: number;
  /** RMA numbers out of order: repeated, skipped, or not the one reserved or answered. */
  misnumbered: number;
  problems: string[];
}

/** The read side as the checker sees it; HTTP in a run, a fake in the checker's own tests. */
export interface ReadApi {
  get(path: string): Promise<{ status: number; body: unknown }>;
}

export function httpReadApi(url: string, key: string): ReadApi {
  return {
    async get(path) {
      const res = await fetch(`${url}${path}`, {
        headers: { authorization: `Bearer ${key}` },
        signal: AbortSignal.timeout(10_000),
      });
      return { status: res.status, body: await res.json().catch(() => null) };
    },
  };
}

/**
 * Every acknowledged write readable through the API, in its read model exactly once and stored
 * exactly once; every other write either absent or whole.
 */
export async function checkRound(
  api: ReadApi,
  store: StoredCases,
  writes: Write[],
  settleMs = 1000,
): Promise<RoundCheck> {
  const lists = {
    claims: await listedIds(api, writes, 'claim', settleMs),
    rmas: await listedIds(api, writes, 'rma', settleMs),
  };
  const check: RoundCheck = {
    acknowledged: 0,
    found: 0,
    duplicated: 0,
    lost: 0,
    pending: 0,
    refused: 0,
    halfWritten: 0,
    orphaned: 0,
    misnumbered: 0,
    problems: [],
  };
  const problem = (write: Write, text: string) =>
    check.problems.push(
      `${write.kind} ${write.serialNumber} (key ${write.idempotencyKey}): ${text}`,
    );
  const claimWrites = new Map(
    writes.filter((w) => w.kind === 'claim').map((w) => [w.serialNumber, w]),
  );

  await inParallel(writes, 8, async (write) => {
    const stored = store.units.get(write.serialNumber);
    if (write.outcome === 'pending') {
      check.pending++;
      return;
    }
    if (write.outcome === 'refused') {
      check.refused++;
      const written = {
        product: (stored?.registrations ?? 0) > 0,
        claim: (stored?.filed.size ?? 0) > 0,
        rma: store.rmas.bySerial.has(write.serialNumber),
      }[write.kind];
      if (written) {
        check.orphaned++;
        problem(write, `answered ${write.refusal}, yet its ${write.kind} was written`);
      }
      return;
    }
    check.acknowledged++;
    const verdict = await settled(settleMs, () =>
      write.kind === 'product'
        ? productVerdict(api, write, stored)
        : write.kind === 'claim'
          ? claimVerdict(api, write, stored, lists.claims)
          : rmaVerdict(api, write, store.rmas, lists.rmas),
    );
    if (verdict === 'found') check.found++;
    else {
      const kind = verdict.split(':')[0];
      check[kind === 'duplicated' || kind === 'misnumbered' ? kind : 'lost']++;
      problem(write, verdict);
    }
  });

  const numbering = numberingFaults(store.rmas);
  check.misnumbered += numbering.length;
  check.problems.push(...numbering);
  // A write still being retried may hold one reserved number that its retry will use.
  const unused = unusedReservations(store.rmas);
  const retried = writes.filter((w) => w.kind === 'rma' && w.outcome === 'pending').length;
  if (unused.length > retried) {
    check.halfWritten += unused.length - retried;
    check.problems.push(...unused);
  }

  for (const [serial, unit] of store.units) {
    if (claimWrites.get(serial)?.outcome === 'pending') continue;
    const halves = halfWrittenParts(unit, store.recorded);
    if (halves.length > 0) {
      check.halfWritten++;
      check.problems.push(`unit ${serial}: ${halves.join('; ')}`);
    }
  }
  return check;
}

/** A read model still catching up after a restart is not a loss: ask again for a while. */
async function settled(pauseMs: number, verdict: () => Promise<string>): Promise<string> {
  let answer = await verdict();
  for (let i = 0; i < 5 && answer.startsWith('lost'); i++) {
    await sleep(pauseMs);
    answer = await verdict();
  }
  return answer;
}

async function productVerdict(api: ReadApi, write: Write, stored: StoredUnit | undefined) {
  const registrations = stored?.registrations ?? 0;
  if (registrations > 1) return `duplicated: ${registrations} ProductRegistered events`;
  if (registrations === 0) return 'lost: no ProductRegistered event';
  const own = await api.get(`/v1/products/${encodeURIComponent(write.id ?? '')}`);
  if (own.status !== 200) return `lost: GET /v1/products/{id} answered ${own.status}`;
  const coverage = await api.get(
    `/v1/coverage?manufacturerId=${MANUFACTURER}&serialNumber=${write.serialNumber}&on=${FAILURE_DATE}&kind=parts&minPosition=${write.position}`,
  );
  const productId = (coverage.body as { productId?: string } | null)?.productId;
  if (productId !== write.id)
    return `lost: coverage read model answered productId ${productId} (status ${coverage.status})`;
  return 'found';
}

async function claimVerdict(
  api: ReadApi,
  write: Write,
  stored: StoredUnit | undefined,
  listed: Map<string, number>,
) {
  const id = write.id ?? '';
  const filedForKey = stored?.filed.size ?? 0;
  const filedEvents = stored?.filed.get(id) ?? 0;
  if (filedForKey > 1) return `duplicated: ${filedForKey} claims for one Idempotency-Key`;
  if (filedEvents > 1) return `duplicated: ${filedEvents} ClaimFiled events`;
  if ((listed.get(id) ?? 0) > 1) return `duplicated: listed ${listed.get(id)} times`;
  if (filedEvents === 0) return 'lost: no ClaimFiled event';
  const own = await api.get(`/v1/claims/${id}`);
  if (own.status !== 200) return `lost: GET /v1/claims/{id} answered ${own.status}`;
  const view = await api.get(`/v1/cases/${id}?minPosition=${write.position}`);
  if (view.status !== 200) return `lost: case view answered ${view.status}`;
  if (!listed.has(id)) return 'lost: missing from GET /v1/claim-list';
  return 'found';
}

async function rmaVerdict(
  api: ReadApi,
  write: Write,
  rmas: StoredRmas,
  listed: Map<string, number>,
) {
  const id = write.id ?? '';
  const forKey = rmas.bySerial.get(write.serialNumber)?.size ?? 0;
  const numbers = rmas.authorized.get(id) ?? [];
  if (forKey > 1) return `duplicated: ${forKey} RMAs for one Idempotency-Key`;
  if (numbers.length > 1) return `duplicated: ${numbers.length} RmaAuthorized events`;
  if ((listed.get(id) ?? 0) > 1) return `duplicated: listed ${listed.get(id)} times`;
  if (numbers.length === 0) return 'lost: no RmaAuthorized event';
  if (numbers[0] !== write.rmaNumber)
    return `misnumbered: answered ${write.rmaNumber}, stored ${numbers[0]}`;
  const own = await api.get(`/v1/rmas/${id}`);
  if (own.status !== 200) return `lost: GET /v1/rmas/{id} answered ${own.status}`;
  if (!listed.has(id)) return 'lost: missing from GET /v1/rma-queue';
  return 'found';
}

const LISTS = {
  claim: { path: '/v1/claim-list', id: 'claimId' },
  rma: { path: '/v1/rma-queue', id: 'rmaId' },
} as const;

/** A list once it holds every acknowledged write of its kind, or after 15 pauses of waiting. */
async function listedIds(
  api: ReadApi,
  writes: Write[],
  kind: keyof typeof LISTS,
  pauseMs: number,
): Promise<Map<string, number>> {
  const expected = writes.filter((w) => w.kind === kind && w.outcome === 'acknowledged');
  const minPosition = maxPosition(writes);
  let counts = await listCounts(api, kind, minPosition);
  for (let i = 0; i < 15 && expected.some((w) => !counts.has(w.id ?? '')); i++) {
    await sleep(pauseMs);
    counts = await listCounts(api, kind, minPosition);
  }
  return counts;
}

/** How often each id appears in the list's read model, every page. */
async function listCounts(api: ReadApi, kind: keyof typeof LISTS, minPosition: string | null) {
  const { path, id } = LISTS[kind];
  const counts = new Map<string, number>();
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ limit: '200' });
    if (cursor) query.set('cursor', cursor);
    else if (minPosition) query.set('minPosition', minPosition);
    const page = await api.get(`${path}?${query}`);
    if (page.status !== 200) throw new Error(`GET ${path} answered ${page.status}`);
    const body = page.body as { items: Array<Record<string, string>>; nextCursor: string | null };
    for (const item of body.items) counts.set(item[id], (counts.get(item[id]) ?? 0) + 1);
    cursor = body.nextCursor;
  } while (cursor);
  return counts;
}

function maxPosition(writes: Write[]): string | null {
  let max: bigint | null = null;
  for (const w of writes)
    if (w.position && (max === null || BigInt(w.position) > max)) max = BigInt(w.position);
  return max === null ? null : max.toString();
}

async function inParallel<T>(items: T[], width: number, each: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await each(items[next++]);
    }),
  );
}
