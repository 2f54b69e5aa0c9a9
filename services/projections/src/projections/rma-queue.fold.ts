import {
  type RmaEvent,
  type RmaStatus,
  rmaStatusFromProgress,
  TERMINAL_RMA_STATUSES,
} from '@warranty/contracts/returns';
import type { RmaQueueLine, RmaQueueState, RmaSteps } from '../schema';

/** What a queue row knows that the next event's effect depends on. */
export interface RmaQueueProgress {
  state: RmaQueueState;
  lines: RmaQueueLine[];
  shipped: boolean;
  steps: RmaSteps;
}

type LaterEvent = Exclude<RmaEvent, { type: 'RmaAuthorized' }>;

const isEnd = (state: RmaQueueState): state is (typeof TERMINAL_RMA_STATUSES)[number] =>
  (TERMINAL_RMA_STATUSES as readonly string[]).includes(state);

function changedLines(lines: RmaQueueLine[], event: LaterEvent): RmaQueueLine[] {
  const line = (lineId: string, change: (line: RmaQueueLine) => Partial<RmaQueueLine>) =>
    lines.map((l) => (l.lineId === lineId ? { ...l, ...change(l) } : l));
  switch (event.type) {
    case 'ReturnReceived':
      return line(event.data.lineId, () => ({ status: 'received' }));
    case 'ReturnInspected':
      // An advance exchange's replacement already went out: the inspection completes the line.
      return line(event.data.lineId, (l) =>
        l.replacementShipped
          ? { status: 'disposed', applied: 'exchange' }
          : { status: 'inspected' },
      );
    case 'ExchangeShipped':
      return line(event.data.lineId, () =>
        event.data.advance
          ? { replacementShipped: true }
          : { replacementShipped: true, status: 'disposed', applied: 'exchange' },
      );
    case 'LineSwitchedToExchange':
      return line(event.data.lineId, () => ({ switchedToExchange: true }));
    case 'RefundIssued':
      return line(event.data.lineId, () => ({ status: 'disposed', applied: 'refund' }));
    case 'CreditIssued':
      return line(event.data.lineId, () => ({ status: 'disposed', applied: 'credit' }));
    case 'LineDispositionApplied':
      return line(event.data.lineId, () => ({
        status: 'disposed',
        applied: event.data.disposition,
      }));
    case 'AdvanceExchangeDepositCharged':
      return lines.map((l) =>
        event.data.lineIds.includes(l.lineId)
          ? { ...l, status: 'disposed', applied: 'exchange' }
          : l,
      );
    default:
      return lines;
  }
}

function endOf(event: LaterEvent): 'closed' | 'expired' | 'cancelled' | null {
  if (event.type === 'RmaExpired') return 'expired';
  if (event.type === 'RmaCancelled') return 'cancelled';
  if (event.type === 'RmaClosed') return 'closed';
  return null;
}

/** Inspected, and every line still to be dealt with waits for its replacement. */
function pendingExchange(state: RmaStatus, lines: RmaQueueLine[]): RmaQueueState {
  const waiting = lines.filter((line) => line.status === 'inspected');
  return state === 'inspected' && waiting.every((line) => line.switchedToExchange)
    ? 'exchange_pending'
    : state;
}

/** Pure: the row after one more event of its RMA, with the instant each state was first reached. */
export function foldRmaQueue(row: RmaQueueProgress, event: LaterEvent): RmaQueueProgress {
  const lines = changedLines(row.lines, event);
  const shipped = row.shipped || event.type === 'ReturnShipped';
  const state = pendingExchange(
    rmaStatusFromProgress({ lines, shipped, ended: isEnd(row.state) ? row.state : endOf(event) }),
    lines,
  );
  const steps = state in row.steps ? row.steps : { ...row.steps, [state]: event.data.at };
  return { state, lines, shipped, steps };
}
