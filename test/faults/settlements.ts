import { Client } from 'pg';
import { sleep } from './all-in-one-process';
import { MANUFACTURER, type Write } from './writers';

const RETAILER = 'acme-retail';
const RETRY_AFTER_MS = 250;
const PER_SETTLEMENT = 2;
const PAYING_DESKS = 4;
const APPROVING_DESKS = 8;
/** An approved refund: the workflow resolves the claim and the manufacturer owes the retailer this. */
const REFUND = { amount: 1000, currency: 'EUR' };

type Outcome = 'pending' | 'done' | 'refused';

/** One manufacturer request, retried with its Idempotency-Key until it has a final answer. */
interface Step {
  path: string;
  body: string;
  idempotencyKey: string;
  outcome: Outcome;
  attempts: number;
  /** A desk is waiting for its answer: the others leave it alone. */
  inFlight?: boolean;
  refusal?: string;
  answer?: { settlementId?: string; position?: string };
}

interface Payment extends Step {
  payableIds: string[];
}

export interface SettlementCheck {
  approved: number;
  owed: number;
  acknowledged: number;
  found: number;
  lost: number;
  duplicated: number;
  /** Payables that two stored settlements both paid. */
  paidTwice: number;
  /** Stored settlements no acknowledged answer or pending retry accounts for. */
  orphaned: number;
  pending: number;
  /** Payments sent more than once: across a kill, with their first key. */
  retried: number;
  problems: string[];
}

/**
 * The manufacturer's accounts-payable desk during the fault run: it approves filed claims for a
 * refund (the workflow resolves them, so it owes the retailer) and pays the open payables a few at
 * a time, each payment retried with its own Idempotency-Key through the kills. The writers file at
 * most one claim per unit and put no unit on an RMA as well, so "a unit is bought back once" never
 * refuses an approval here; a retry after a kill between the unit's buy-back reservation and
 * ClaimApproved completes the same approval.
 */
export class Payer {
  private readonly approvals = new Map<string, Step[]>();
  readonly payments: Payment[] = [];
  /** Payables a payment that is pending or done names: never offered to another payment. */
  private readonly taken = new Set<string>();

  constructor(
    private readonly url: string,
    private readonly key: string,
    private readonly runId: string,
  ) {}

  pending(): number {
    return [...this.approvals.values(), this.payments]
      .flat()
      .filter((step) => step.outcome === 'pending').length;
  }

  /** Payments retried after no answer or a 5xx, each with its first key. */
  get retriedPayments(): number {
    return this.payments.filter((payment) => payment.attempts > 1).length;
  }

  /** Approves newly filed claims and, beside that, pays what is owed, until `stop` says so. */
  async load(stop: () => boolean, writes: Write[]): Promise<void> {
    await Promise.all([
      (async () => {
        while (!stop()) {
          await this.approve(writes);
          await sleep(50);
        }
      })(),
      // Several payments in flight, so that kills land on some of them.
      ...Array.from({ length: PAYING_DESKS }, async () => {
        while (!stop()) {
          await this.pay(true);
          await sleep(50);
        }
      }),
    ]);
  }

  async drain(deadline: number, writes: Write[]): Promise<void> {
    while (Date.now() < deadline && this.pending() > 0) {
      await this.approve(writes, false);
      await this.pay(false);
      await sleep(RETRY_AFTER_MS);
    }
  }

  private async approve(writes: Write[], startNew = true): Promise<void> {
    if (startNew)
      for (const claim of writes.filter((w) => w.kind === 'claim' && w.outcome === 'acknowledged'))
        if (claim.id && !this.approvals.has(claim.id))
          this.approvals.set(claim.id, this.steps(claim.id));
    const due = [...this.approvals.values()]
      .map((steps) => steps.find((step) => step.outcome !== 'done'))
      .filter((step): step is Step => step?.outcome === 'pending' && !step.inFlight);
    // A few claims at a time, as a desk of several people would.
    for (let i = 0; i < due.length; i += APPROVING_DESKS)
      await Promise.all(due.slice(i, i + APPROVING_DESKS).map((step) => this.send(step)));
  }

  private async pay(startNew: boolean): Promise<void> {
    for (const payment of this.payments.filter((p) => p.outcome === 'pending' && !p.inFlight))
      await this.send(payment);
    if (startNew) await this.payNext();
  }

  private steps(claimId: string): Step[] {
    const step = (action: string, body: object): Step => ({
      path: `/v1/claims/${claimId}/${action}`,
      body: JSON.stringify(body),
      idempotencyKey: `${this.runId}-${action}-${claimId}`,
      outcome: 'pending',
      attempts: 0,
    });
    return [
      step('review', {}),
      step('approval', { resolution: 'refund', approvedAmount: REFUND, notes: 'fault run' }),
    ];
  }

  /** A payment of a few open payables that no other payment names. */
  private async payNext(): Promise<void> {
    const res = await this.request(
      'GET',
      `/v1/payables?payeeKind=retailer&payeeId=${RETAILER}&status=open&limit=50`,
    );
    if (res?.status !== 200) return;
    const open = (res.body as { items: Array<{ payableId: string }> }).items
      .map((item) => item.payableId)
      .filter((id) => !this.taken.has(id))
      .slice(0, PER_SETTLEMENT);
    if (open.length === 0) return;
    for (const id of open) this.taken.add(id);
    const payment: Payment = {
      path: '/v1/settlements',
      body: JSON.stringify({
        payee: { kind: 'retailer', id: RETAILER },
        payableIds: open,
        reference: `${this.runId}-${this.payments.length + 1}`,
        paidOn: '2026-11-30',
      }),
      idempotencyKey: `${this.runId}-payment-${this.payments.length + 1}`,
      outcome: 'pending',
      attempts: 0,
      payableIds: open,
    };
    this.payments.push(payment);
    await this.send(payment);
  }

  private async send(step: Step): Promise<void> {
    if (step.inFlight) return;
    step.attempts++;
    step.inFlight = true;
    const res = await this.request('POST', step.path, step.body, step.idempotencyKey).finally(
      () => (step.inFlight = false),
    );
    if (!res || res.status >= 500 || res.status === 429) return;
    const code = (res.body as { type?: string } | null)?.type?.split('/').pop() ?? '';
    if (code === 'idempotency-key-in-progress') return;
    if (res.status < 300) {
      step.outcome = 'done';
      step.answer = res.body as Step['answer'];
    } else {
      step.outcome = 'refused';
      step.refusal = `${res.status} ${code}`;
    }
  }

  private async request(method: string, path: string, body?: string, idempotencyKey?: string) {
    try {
      const res = await fetch(`${this.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.key}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
          ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
        },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      return { status: res.status, body: (await res.json().catch(() => null)) as unknown };
    } catch {
      // The process is down; the next pass tries again with the same key.
      return undefined;
    }
  }

  /**
   * Every acknowledged payment stored once, with the payables it was asked for, and readable
   * through the API; no payable in two stored payments; every approved refund owed (the workflow
   * and the projection catch up after the last restart, so this waits up to `waitMs`).
   */
  async check(databaseUrl: string, waitMs: number): Promise<SettlementCheck> {
    const approved = [...this.approvals.entries()]
      .filter(([, steps]) => steps.every((step) => step.outcome === 'done'))
      .map(([claimId]) => `claim:${claimId}`);
    const problems: string[] = [];
    const owedIds = await this.owedEventually(approved, Date.now() + waitMs);
    const unowed = approved.filter((id) => !owedIds.has(id));
    for (const id of unowed) problems.push(`approved refund ${id} is not owed`);
    for (const [claimId, steps] of this.approvals)
      for (const step of steps.filter((s) => s.outcome === 'refused'))
        problems.push(`claim ${claimId}: ${step.path.split('/').pop()} refused ${step.refusal}`);

    const stored = await storedSettlements(databaseUrl);
    const check: SettlementCheck = {
      approved: approved.length,
      owed: approved.length - unowed.length,
      acknowledged: 0,
      found: 0,
      lost: 0,
      duplicated: 0,
      paidTwice: 0,
      orphaned: 0,
      pending: this.payments.filter((p) => p.outcome === 'pending').length,
      retried: this.retriedPayments,
      problems,
    };
    const accounted = new Set<string>();
    for (const payment of this.payments) {
      if (payment.outcome === 'refused')
        problems.push(`payment ${payment.idempotencyKey} refused ${payment.refusal}`);
      if (payment.outcome !== 'done') continue;
      check.acknowledged++;
      const settlementId = payment.answer?.settlementId ?? '';
      accounted.add(settlementId);
      const copies = stored.filter((s) => s.settlementId === settlementId);
      if (copies.length === 0) {
        check.lost++;
        problems.push(
          `payment ${payment.idempotencyKey} (${settlementId}) acknowledged, not stored`,
        );
        continue;
      }
      if (copies.length > 1) {
        check.duplicated++;
        problems.push(`settlement ${settlementId} stored ${copies.length} times`);
      }
      if (copies[0].payableIds.join() !== payment.payableIds.join())
        problems.push(
          `settlement ${settlementId} paid ${copies[0].payableIds.join()}, asked ${payment.payableIds.join()}`,
        );
      const view = await this.request(
        'GET',
        `/v1/settlements/${settlementId}?minPosition=${payment.answer?.position ?? ''}`,
      );
      if (view?.status !== 200) {
        check.lost++;
        problems.push(`settlement ${settlementId}: GET answered ${view?.status ?? 'nothing'}`);
        continue;
      }
      check.found++;
    }
    const payers = new Map<string, string>();
    for (const settlement of stored)
      for (const id of settlement.payableIds) {
        const earlier = payers.get(id);
        if (earlier && earlier !== settlement.settlementId) {
          check.paidTwice++;
          problems.push(`${id} paid by ${earlier} and ${settlement.settlementId}`);
        }
        payers.set(id, settlement.settlementId);
      }
    const pendingKeys = this.payments.filter((p) => p.outcome === 'pending').length;
    check.orphaned = Math.max(
      0,
      new Set(stored.map((s) => s.settlementId).filter((id) => !accounted.has(id))).size -
        pendingKeys,
    );
    if (check.orphaned > 0)
      problems.push(`${check.orphaned} stored settlements nobody was answered`);
    return check;
  }

  private async owedEventually(ids: string[], deadline: number): Promise<Set<string>> {
    for (;;) {
      const owed = new Set<string>();
      let cursor: string | undefined;
      do {
        const res = await this.request(
          'GET',
          `/v1/payables?payeeId=${RETAILER}&limit=200${cursor ? `&cursor=${cursor}` : ''}`,
        );
        if (res?.status !== 200) break;
        const page = res.body as { items: Array<{ payableId: string }>; nextCursor: string | null };
        for (const item of page.items) owed.add(item.payableId);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      if (ids.every((id) => owed.has(id)) || Date.now() >= deadline) return owed;
      await sleep(500);
    }
  }
}

/** Every SettlementRecorded of the run's manufacturer, read from the event store table. */
async function storedSettlements(
  databaseUrl: string,
): Promise<Array<{ settlementId: string; payableIds: string[] }>> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ settlement_id: string; payable_ids: string[] }>(
      `SELECT data->>'settlementId' AS settlement_id,
              ARRAY(SELECT item->>'payableId' FROM jsonb_array_elements(data->'items') AS item)
                AS payable_ids
         FROM event_store.events
        WHERE type = 'SettlementRecorded' AND data->>'manufacturerId' = $1
        ORDER BY position`,
      [MANUFACTURER],
    );
    return rows.map((row) => ({ settlementId: row.settlement_id, payableIds: row.payable_ids }));
  } finally {
    await client.end();
  }
}
