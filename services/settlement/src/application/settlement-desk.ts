import {
  type Payee,
  type SettledPayable,
  type SettlementEvent,
  settlementEvents,
  settlementLedgerStream,
} from '@warranty/contracts/settlement';
import {
  type CommandContext,
  type CommandResult,
  nameBasedId,
  RuleViolationError,
} from '@warranty/eventsourcing';
import { ApiProblem } from '@warranty/platform';
import type { SettlementLedger } from '../domain/settlement-ledger';
import type { PayablesBook } from './payables-book';
import type { SettlementStreams } from './settlement-streams';

export interface SettlementRequest {
  payee: Payee;
  payableIds: string[];
  reference: string;
  paidOn: string;
  note: string;
}

export type LedgerResult = CommandResult<SettlementEvent, SettlementLedger>;

/** What a command wrote: its event, whether this run or an earlier run of the same command wrote it. */
export interface LedgerWrite<Type extends SettlementEvent['type']> {
  result: LedgerResult;
  event: Extract<SettlementEvent, { type: Type }>;
}

/** A manufacturer's accounts-payable desk: records payments against what it owes, and reverses them. */
export class SettlementDesk {
  constructor(
    private readonly streams: SettlementStreams,
    private readonly payables: PayablesBook,
  ) {}

  /**
   * Records a payment of the named payables, priced as the read model holds them. With an
   * Idempotency-Key the settlement id derives from it, so a retry finds the first one.
   */
  async record(
    manufacturerId: string,
    request: SettlementRequest,
    context: CommandContext,
    idempotencyKey?: string,
  ): Promise<LedgerWrite<'SettlementRecorded'>> {
    const owed = await this.payables.owedTo(manufacturerId, request.payee, request.payableIds);
    const unknown = [...new Set(request.payableIds)].filter((id) => !owed.has(id));
    if (unknown.length > 0)
      throw new RuleViolationError(
        `You owe ${request.payee.id} nothing under ${unknown.join(', ')}; GET /v1/payables lists what you owe`,
        'payables-not-owed',
        { field: 'payableIds' },
      );
    const items: SettledPayable[] = request.payableIds.map((id) => {
      const payable = owed.get(id)!;
      return {
        payableId: payable.payableId,
        source: payable.source,
        amount: payable.amount,
        owedSince: payable.owedSince,
      };
    });
    const ledger = settlementLedgerStream(manufacturerId, request.payee);
    // Per ledger: the same key used later for another payee names another settlement.
    const settlementId =
      idempotencyKey === undefined
        ? this.streams.ids.newId()
        : nameBasedId('settlement', ledger, idempotencyKey);
    const result = await this.streams.ledgers.handle(
      ledger,
      {
        type: 'RecordSettlement',
        settlementId,
        manufacturerId,
        payee: request.payee,
        items,
        reference: request.reference,
        paidOn: request.paidOn,
        note: request.note,
        by: context.actor.tenantId,
        at: this.streams.now(),
      },
      // A new settlement has no revision to match; the ledger's is no concern of the caller's.
      { ...context, expectedRevision: undefined },
    );
    const paying = [...request.payableIds].sort().join();
    const event = this.written(
      result,
      'SettlementRecorded',
      (earlier) =>
        earlier.data.settlementId === settlementId &&
        earlier.data.items
          .map((item) => item.payableId)
          .sort()
          .join() === paying,
    );
    return { result, event };
  }

  /**
   * Reopens what a settlement paid, on the ledger it was recorded on. If-Match names the
   * settlement's own revision, so payments to the same payee since do not make it stale.
   */
  async reverse(
    streamId: string,
    settlementId: string,
    reason: string,
    context: CommandContext,
  ): Promise<LedgerWrite<'SettlementReversed'>> {
    const result = await this.streams.ledgers.handle(
      streamId,
      {
        type: 'ReverseSettlement',
        settlementId,
        reason,
        by: context.actor.tenantId,
        at: this.streams.now(),
        ifRevision: context.expectedRevision,
      },
      { ...context, expectedRevision: undefined },
    );
    const event = this.written(
      result,
      'SettlementReversed',
      (earlier) => earlier.data.settlementId === settlementId,
    );
    return { result, event };
  }

  /**
   * A retry after a crash writes nothing and finds what the first run wrote under its command id.
   * What it finds must be this request's; a key reused (after the stored answer expired) for
   * another payment or reversal is refused, not answered with the old one.
   */
  private written<Type extends SettlementEvent['type']>(
    result: LedgerResult,
    type: Type,
    sameRequest: (earlier: Extract<SettlementEvent, { type: Type }>) => boolean,
  ): Extract<SettlementEvent, { type: Type }> {
    const fresh = result.events.find((event) => event.type === type);
    if (fresh) return fresh as Extract<SettlementEvent, { type: Type }>;
    const { earlier } = result;
    const decoded =
      earlier?.type === type
        ? settlementEvents.decode<Extract<SettlementEvent, { type: Type }>>(earlier)
        : undefined;
    if (!decoded || !sameRequest(decoded))
      throw new ApiProblem(
        422,
        'idempotency-key-reused',
        'Idempotency-Key reused',
        'This Idempotency-Key was used on this ledger for another payment or reversal.',
      );
    return decoded;
  }
}
