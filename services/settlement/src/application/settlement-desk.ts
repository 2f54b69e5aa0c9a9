import { randomUUID } from 'node:crypto';
import {
  type Payee,
  type SettledPayable,
  type SettlementEvent,
  settlementLedgerStream,
} from '@warranty/contracts/settlement';
import {
  type CommandContext,
  type CommandResult,
  nameBasedId,
  RuleViolationError,
} from '@warranty/eventsourcing';
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
  ): Promise<LedgerResult> {
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
    const settlementId =
      idempotencyKey === undefined
        ? randomUUID()
        : nameBasedId('settlement', manufacturerId, idempotencyKey);
    return this.streams.ledgers.handle(
      settlementLedgerStream(manufacturerId, request.payee),
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
      context,
    );
  }

  /** Reopens what a settlement paid, on the ledger it was recorded on. */
  reverse(
    streamId: string,
    settlementId: string,
    reason: string,
    context: CommandContext,
  ): Promise<LedgerResult> {
    return this.streams.ledgers.handle(
      streamId,
      {
        type: 'ReverseSettlement',
        settlementId,
        reason,
        by: context.actor.tenantId,
        at: this.streams.now(),
      },
      context,
    );
  }
}
