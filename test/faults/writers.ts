import { sleep } from './all-in-one-process';

export type WriteKind = 'product' | 'claim';

/** One client write, tracked from its first attempt to a final answer. */
export interface Write {
  kind: WriteKind;
  idempotencyKey: string;
  serialNumber: string;
  body: string;
  outcome: 'pending' | 'acknowledged' | 'refused';
  /** productId or claimId, once acknowledged. */
  id?: string;
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

/** Writers that register units and file claims on acknowledged ones, retrying as a client would. */
export class Writers {
  readonly writes: Write[] = [];
  /** Answers that a client retries: 5xx, and no answer at all (the process was down). */
  serverErrors = 0;
  connectionFailures = 0;
  private serial = 0;
  private unclaimed: Write[] = [];
  round = 0;

  constructor(
    private readonly url: string,
    private readonly retailerKey: string,
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
    const base = { outcome: 'pending' as const, attempts: 0, retryAt: 0, round: this.round };
    const target = this.unclaimed.length > 0 && Math.random() < 0.5 ? this.unclaimed.pop() : null;
    const write: Write = target
      ? {
          ...base,
          kind: 'claim',
          serialNumber: target.serialNumber,
          idempotencyKey: `${this.runId}-claim-${target.serialNumber}`,
          body: claim(target.serialNumber),
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
    const path = write.kind === 'product' ? '/v1/products' : '/v1/claims';
    let status: number;
    let answer: { productId?: string; claimId?: string; position?: string; type?: string };
    try {
      const res = await fetch(`${this.url}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${this.retailerKey}`,
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
      write.id = write.kind === 'product' ? answer.productId : answer.claimId;
      write.position = answer.position;
      if (write.kind === 'product') this.unclaimed.push(write);
      return;
    }
    const code = problemCode(answer.type);
    if (status >= 500) this.serverErrors++;
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
