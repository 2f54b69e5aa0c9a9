import type { RmaEvent } from './events';
import type { AuthorizedRma, LineState, RmaState } from './rma.state';
import { rmaStatusOf } from './rma-status';

const withLine = (
  rma: AuthorizedRma,
  lineId: string,
  change: (line: LineState) => Partial<LineState>,
): LineState[] =>
  rma.lines.map((line) => (line.lineId === lineId ? { ...line, ...change(line) } : line));

function next(rma: AuthorizedRma, change: Partial<AuthorizedRma>, at: string): AuthorizedRma {
  const changed = { ...rma, ...change, updatedAt: at };
  return { ...changed, status: rmaStatusOf(changed) };
}

/** Folds one event; trusts the event (the decider only emits legal ones). */
export function evolveRma(state: RmaState, event: RmaEvent): RmaState {
  if (event.type === 'RmaAuthorized') {
    const d = event.data;
    const rma: AuthorizedRma = {
      status: 'authorized',
      rmaId: d.rmaId,
      rmaNumber: d.rmaNumber,
      type: d.type,
      manufacturerId: d.manufacturerId,
      retailerId: d.retailerId,
      claimId: d.claimId,
      lines: d.lines.map((line) => ({
        ...line,
        status: 'awaiting_return',
        receipt: null,
        inspection: null,
        applied: null,
        replacementSerialNumber: null,
        refunded: 0,
        credited: 0,
        depositCharged: false,
      })),
      shipTo: d.shipTo,
      returnBy: d.returnBy,
      shippingLabel: d.shippingLabel,
      deposit: d.deposit,
      shipment: null,
      depositCharged: null,
      ended: null,
      authorizedBy: d.authorizedBy,
      authorizedAt: d.at,
      updatedAt: d.at,
    };
    return rma;
  }
  if (state.status === 'none') return state;
  const { at } = event.data;
  switch (event.type) {
    case 'ReturnShipped': {
      const { carrier, trackingNumber } = event.data;
      return next(state, { shipment: { carrier, trackingNumber, at } }, at);
    }
    case 'ReturnReceived': {
      const { rmaId: _r, lineId, ...receipt } = event.data;
      return next(
        state,
        { lines: withLine(state, lineId, () => ({ status: 'received', receipt })) },
        at,
      );
    }
    case 'ReturnInspected': {
      const { rmaId: _r, lineId, ...inspection } = event.data;
      const lines = withLine(state, lineId, (line) =>
        // An advance exchange's replacement already went out: the inspection completes the line.
        line.replacementSerialNumber !== null
          ? { status: 'disposed', inspection, applied: 'exchange' }
          : { status: 'inspected', inspection },
      );
      return next(state, { lines }, at);
    }
    case 'ExchangeShipped': {
      const { lineId, replacementSerialNumber, advance } = event.data;
      const lines = withLine(state, lineId, () =>
        advance
          ? { replacementSerialNumber }
          : { replacementSerialNumber, status: 'disposed', applied: 'exchange' },
      );
      return next(state, { lines }, at);
    }
    case 'RefundIssued': {
      const { lineId, amount } = event.data;
      const lines = withLine(state, lineId, (line) => ({
        status: 'disposed',
        applied: 'refund',
        refunded: line.refunded + amount.amount,
      }));
      return next(state, { lines }, at);
    }
    case 'CreditIssued': {
      const { lineId, amount } = event.data;
      const lines = withLine(state, lineId, (line) => ({
        status: 'disposed',
        applied: 'credit',
        credited: line.credited + amount.amount,
      }));
      return next(state, { lines }, at);
    }
    case 'LineSwitchedToExchange': {
      const lines = withLine(state, event.data.lineId, (line) => ({
        inspection: line.inspection && { ...line.inspection, disposition: 'exchange' as const },
      }));
      return next(state, { lines }, at);
    }
    case 'LineDispositionApplied': {
      const { lineId, disposition } = event.data;
      const lines = withLine(state, lineId, () => ({ status: 'disposed', applied: disposition }));
      return next(state, { lines }, at);
    }
    case 'AdvanceExchangeDepositCharged': {
      const { lineIds, amount } = event.data;
      const lines = state.lines.map((line) =>
        lineIds.includes(line.lineId)
          ? {
              ...line,
              status: 'disposed' as const,
              applied: 'exchange' as const,
              depositCharged: true,
            }
          : line,
      );
      return next(state, { lines, depositCharged: { amount, lineIds, at } }, at);
    }
    case 'RmaExpired':
      return next(state, { ended: { status: 'expired', reason: null, at } }, at);
    case 'RmaCancelled':
      return next(state, { ended: { status: 'cancelled', reason: event.data.reason, at } }, at);
    case 'RmaClosed':
      return next(state, { ended: { status: 'closed', reason: null, at } }, at);
  }
}
