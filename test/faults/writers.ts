import { sleep } from './all-in-one-process';

export type WriteKind = 'product' | 'claim' | 'rma';

/** One client write, tracked from its first attempt to a final answer. */
export interface Write {
  kind: WriteKind;
  idempotencyKey: string;
  serialNumber: string;
  body: string;
  outcome: 'pending' | 'acknowledged' | 'refused';
  /** productId, claimId or rmaId, once acknowledged. */
  id?: string;
  /** The RMA number an acknowledged authorization answered with. */
  rmaNumber?: string;
  position?: string;
  /** Status and problem code of a final refusal. */
  refusal?: string;
  attempts: number;
  retryAt: number;
  round: number;
}

export const MANUFACTURER = 'acme-appliances';
export const FAILURE_DATE = '2026-11-01';
const RETRY_AFTER_MS = 250;
/** 409 for a key whose first attempt is still marked running (it may have died with the process). */
const IN_PROGRESS = 'idempotency-key-in-progress';

const unit = (serialNumber: string) =>
  JSON.stringify({
    manufacturerId: MANUFACTURER,
    serialNumber,
    model: 'WM-9000',
    category: 'washing_machine',
    purchaseDate: '2026-05-01',
    price: { amount: 129900, currency: 'EUR' },
    owner: {
      customerId: `cust-${serialNumber}`,
      name: 'Ada',
      email: 'ada@example.com',
      country: 'GB',
    },
    planCode: 'STD-24',
  });

// One customer per claim: claims sharing an e-mail race on the claimant history, a separate defect.
const claim = (serialNumber: string) =>
  JSON.stringify({
    manufacturerId: MANUFACTURER,
    serialNumber,
    failureDate: FAILURE_DATE,
    defect: { category: 'electrical', description: 'No power' },
    evidence: [],
    customer: { name: 'Ada', email: `${serialNumber.toLowerCase()}@example.com` },
    requestedResolution: 'repair',
  });

// Every authorization takes the manufacturer's next RMA number: all of them race for one counter.
const rma = (serialNumber: string) =>
  JSON.stringify({
    type: 'exchange',
    manufacturerId: MANUFACTURER,
    lines: [{ serialNumber }],
    shipTo: { locationId: 'leeds', name: 'Acme returns depot', address: '1 Dock Road, Leeds' },
    shippingLabel: { carrier: 'DHL', trackingNumber: `LBL-${serialNumber}` },
  });

const PATHS: Record<WriteKind, string> = {
  product: '/v1/products',
  claim: '/v1/claims',
  rma: '/v1/rmas',
};

/**
 * Writers that register units, then file a claim on an acknowledged unit or have the manufacturer
 * authorize its exchange, retrying as a client would.
 */
export class Writers {
  readonly writes: Write[] = [];
  /** Answers that a client retries: 5xx, and no answer at all (the process was down). */
  serverErrors = 0;
  connectionFailures = 0;
  /** Answers that a client retries later: 429, and 409 for a key still in progress. */
  busy = 0;
  private serial = 0;
  /** Acknowledged units no claim or RMA has picked yet. */
  private freshUnits: Write[] = [];
  round = 0;

  constructor(
    private readonly url: string,
    private readonly keys: { retailer: string; manufacturer: string },
    private readonly runId: string,
    private readonly concurrency: number,
  ) {}

  get serialPrefix(): string {
    return `F${this.runId}-`.toUpperCase();
  }

  pending(): Write[] {
    return this.writes.filter((w) => w.outcome === 'pending');
  }

  /** New writes (and due retries) until `stop` says so. */
  async load(stop: () => boolean): Promise<void> {
    await Promise.all(
      Array.from({ length: this.concurrency }, async () => {
        while (!stop()) {
          const write = this.dueRetry() ?? this.newWrite();
          await this.send(write);
          if (write.outcome === 'pending') await sleep(50);
        }
      }),
    );
  }

  /** Retries unacknowledged writes until none is left or the deadline passes. */
  async drain(deadline: number, onProgress: () => void): Promise<void> {
    await Promise.all(
      Array.from({ length: this.concurrency }, async () => {
        while (Date.now() < deadline && this.pending().length > 0) {
          const write = this.dueRetry();
          if (write) await this.send(write);
          else await sleep(100);
          onProgress();
        }
      }),
    );
  }

  private dueRetry(): Write | undefined {
    const now = Date.now();
    const write = this.writes.find((w) => w.outcome === 'pending' && w.retryAt <= now);
    // Claim it for this writer until its answer comes back.
    if (write) write.retryAt = Number.MAX_SAFE_INTEGER;
    return write;
  }

  private newWrite(): Write {
    // Claimed by this writer until its answer comes back, as a due retry is.
    const base = {
      outcome: 'pending' as const,
      attempts: 0,
      retryAt: Number.MAX_SAFE_INTEGER,
      round: this.round,
    };
    const dice = Math.random();
    const target = this.freshUnits.length > 0 && dice < 0.6 ? this.freshUnits.pop() : null;
    const kind = dice < 0.35 ? 'claim' : 'rma';
    const write: Write = target
      ? {
          ...base,
          kind,
          serialNumber: target.serialNumber,
          idempotencyKey: `${this.runId}-${kind}-${target.serialNumber}`,
          body: (kind === 'claim' ? claim : rma)(target.serialNumber),
        }
      : this.newUnit(base);
    this.writes.push(write);
    return write;
  }

  private newUnit(base: Pick<Write, 'outcome' | 'attempts' | 'retryAt' | 'round'>): Write {
    const serialNumber = `${this.serialPrefix}${++this.serial}`;
    return {
      ...base,
      kind: 'product',
      serialNumber,
      idempotencyKey: `${this.runId}-unit-${serialNumber}`,
      body: unit(serialNumber),
    };
  }

  private async send(write: Write): Promise<void> {
    write.attempts++;
    let status: number;
    let answer: {
      productId?: string;
      claimId?: string;
      rmaId?: string;
      rmaNumber?: string;
      position?: string;
      type?: string;
    };
    try {
      const res = await fetch(`${this.url}${PATHS[write.kind]}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${write.kind === 'rma' ? this.keys.manufacturer : this.keys.retailer}`,
          'idempotency-key': write.idempotencyKey,
        },
        body: write.body,
        signal: AbortSignal.timeout(10_000),
      });
      status = res.status;
      answer = (await res.json().catch(() => ({}))) as typeof answer;
    } catch {
      // Connection refused or reset: the process is down; try again later with the same key.
      this.connectionFailures++;
      write.retryAt = Date.now() + RETRY_AFTER_MS;
      return;
    }
    if (status === 201) {
      write.outcome = 'acknowledged';
      write.id = { product: answer.productId, claim: answer.claimId, rma: answer.rmaId }[
        write.kind
      ];
      write.rmaNumber = answer.rmaNumber;
      write.position = answer.position;
      if (write.kind === 'product') this.freshUnits.push(write);
      return;
    }
    const code = problemCode(answer.type);
    if (status >= 500) this.serverErrors++;
    if (status === 429 || code === IN_PROGRESS) this.busy++;
    if (status >= 500 || status === 429 || code === IN_PROGRESS) {
      write.retryAt = Date.now() + RETRY_AFTER_MS * (status >= 500 ? 1 : 4);
    } else {
      write.outcome = 'refused';
      write.refusal = `${status} ${code}`.trim();
    }
  }
}

/** The problem type's last segment (`/problems/open-claim-exists` -> `open-claim-exists`). */
const problemCode = (type: string | undefined) => type?.split('/').pop() ?? '';
