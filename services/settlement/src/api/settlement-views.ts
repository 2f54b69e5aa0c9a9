import { ApiProperty } from '@nestjs/swagger';
import { PAYEE_KINDS, type PayeeKind } from '@warranty/contracts/settlement';
import { INSTANT } from '@warranty/platform';
import type { PayableRecord } from '../application/payables-book';
import type { SettlementRecord } from '../application/settlements-book';

/** What a settlement's revision, and so its ETag, is: other payments to the payee never move it. */
export const SETTLEMENT_ETAG =
  "the settlement's own revision, that is, the revision of the payee's ledger at which it was recorded or, once reversed, at which it was reversed; other payments to the same payee leave it as it is";

const SOURCE_PATHS = { claim: '/v1/claims', rma: '/v1/rmas', repair: '/v1/repair-orders' } as const;

export class MoneyView {
  @ApiProperty({ type: 'integer', description: 'Integer minor units' }) amount!: number;
  @ApiProperty({ example: 'EUR' }) currency!: string;
}

export class PayeeView {
  @ApiProperty({ enum: PAYEE_KINDS }) kind!: PayeeKind;
  @ApiProperty() id!: string;
}

export class PayableSourceView {
  @ApiProperty({ enum: ['claim', 'rma', 'repair'] }) kind!: 'claim' | 'rma' | 'repair';
  @ApiProperty({ description: 'The claim, RMA or repair order id' }) id!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The RMA line; else null' })
  lineId!: string | null;
  @ApiProperty({ description: 'Where the case answers, for a caller that may see it' })
  href!: string;
}

export class SettledPayableView {
  @ApiProperty() payableId!: string;
  @ApiProperty({ type: PayableSourceView }) source!: PayableSourceView;
  @ApiProperty({ type: MoneyView }) amount!: MoneyView;
  @ApiProperty(INSTANT) owedSince!: string;
}

export class PayableView extends SettledPayableView {
  @ApiProperty() manufacturerId!: string;
  @ApiProperty({ type: PayeeView }) payee!: PayeeView;
  @ApiProperty({ enum: ['open', 'settled'] }) status!: 'open' | 'settled';
  @ApiProperty({ type: String, nullable: true }) settlementId!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) paidOn!: string | null;
}

export class PayablePageView {
  @ApiProperty({ type: [PayableView] }) items!: PayableView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class BalanceView {
  @ApiProperty() manufacturerId!: string;
  @ApiProperty({ type: PayeeView }) payee!: PayeeView;
  @ApiProperty() currency!: string;
  @ApiProperty({ type: 'integer' }) openCount!: number;
  @ApiProperty({ type: MoneyView, description: 'The sum of the open payables' }) open!: MoneyView;
  @ApiProperty(INSTANT) oldestOwedSince!: string;
}

export class BalancePageView {
  @ApiProperty({ type: [BalanceView] }) items!: BalanceView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class ReversalView {
  @ApiProperty() reason!: string;
  @ApiProperty() by!: string;
  @ApiProperty(INSTANT) at!: string;
}

export class SettlementView {
  @ApiProperty() settlementId!: string;
  @ApiProperty() manufacturerId!: string;
  @ApiProperty({ type: PayeeView }) payee!: PayeeView;
  @ApiProperty({ enum: ['paid', 'reversed'] }) status!: 'paid' | 'reversed';
  @ApiProperty({ type: MoneyView }) total!: MoneyView;
  @ApiProperty({ type: [SettledPayableView] }) items!: SettledPayableView[];
  @ApiProperty() reference!: string;
  @ApiProperty({ type: String, format: 'date' }) paidOn!: string;
  @ApiProperty() note!: string;
  @ApiProperty() recordedBy!: string;
  @ApiProperty(INSTANT) recordedAt!: string;
  @ApiProperty({ type: ReversalView, nullable: true }) reversal!: ReversalView | null;
  @ApiProperty({
    type: 'integer',
    description: `Sent as ETag too: ${SETTLEMENT_ETAG}. Send it as If-Match on a reversal.`,
  })
  revision!: number;
}

export class SettlementReceiptView extends SettlementView {
  @ApiProperty({ type: String, nullable: true, description: 'Pass it as minPosition' })
  position!: string | null;
}

export class SettlementPageView {
  @ApiProperty({ type: [SettlementView] }) items!: SettlementView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

const sourceView = (source: PayableRecord['source']): PayableSourceView => ({
  ...source,
  href: `${SOURCE_PATHS[source.kind]}/${encodeURIComponent(source.id)}`,
});

export const settledPayableView = (
  item: SettlementRecord['items'][number],
): SettledPayableView => ({
  payableId: item.payableId,
  source: sourceView(item.source),
  amount: item.amount,
  owedSince: item.owedSince,
});

export const payableView = (payable: PayableRecord): PayableView => ({
  payableId: payable.payableId,
  manufacturerId: payable.manufacturerId,
  payee: payable.payee,
  source: sourceView(payable.source),
  amount: payable.amount,
  owedSince: payable.owedSince,
  status: payable.status,
  settlementId: payable.settlementId,
  paidOn: payable.paidOn,
});

export const settlementView = (settlement: SettlementRecord): SettlementView => ({
  settlementId: settlement.settlementId,
  manufacturerId: settlement.manufacturerId,
  payee: settlement.payee,
  status: settlement.status,
  total: settlement.total,
  items: settlement.items.map(settledPayableView),
  reference: settlement.reference,
  paidOn: settlement.paidOn,
  note: settlement.note,
  recordedBy: settlement.recordedBy,
  recordedAt: settlement.recordedAt,
  reversal: settlement.reversal,
  revision: settlement.revision,
});
