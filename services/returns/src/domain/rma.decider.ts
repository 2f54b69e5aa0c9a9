import { dayOf, productIdFor } from '@warranty/coverage';
import {
  AggregateNotFoundError,
  type Decider,
  ensure,
  ensurePayout,
  IllegalStateError,
} from '@warranty/eventsourcing';
import {
  DISPOSITION_OUTCOMES,
  type Money,
  RMA_NUMBER_PATTERN,
  type RmaEvent,
  type RmaStatus,
} from './events';
import type {
  ApplyDisposition,
  SwitchLineToExchange,
  AuthorizeRma,
  CancelRma,
  ChargeAdvanceExchangeDeposit,
  CloseRma,
  ExpireRma,
  InspectReturn,
  IssueCredit,
  IssueRefund,
  ReceiveReturn,
  RmaCommand,
  RmaCommandType,
  ShipExchange,
  ShipReturn,
} from './rma.commands';
import { endedBecause } from '@warranty/contracts/registration';
import { ensureReplacementFree } from './replacement';
import { evolveRma } from './rma.evolve';
import { type AuthorizedRma, type LineState, noRma, type RmaState, rmaStream } from './rma.state';

type TransitionCommand = Exclude<RmaCommandType, 'AuthorizeRma'>;

const OPEN: readonly RmaStatus[] = [
  'authorized',
  'in_transit',
  'received',
  'inspected',
  ...Object.values(DISPOSITION_OUTCOMES),
  'mixed',
];

/** The RMA states each command is accepted in (line rules come on top). */
export const RMA_TRANSITIONS: Readonly<Record<TransitionCommand, readonly RmaStatus[]>> = {
  ShipReturn: ['authorized'],
  ReceiveReturn: ['authorized', 'in_transit'],
  InspectReturn: OPEN,
  ShipExchange: OPEN,
  IssueRefund: OPEN,
  IssueCredit: OPEN,
  ApplyDisposition: OPEN,
  SwitchLineToExchange: OPEN,
  ChargeAdvanceExchangeDeposit: ['authorized', 'in_transit'],
  ExpireRma: ['authorized'],
  CancelRma: ['authorized', 'in_transit'],
  CloseRma: [...Object.values(DISPOSITION_OUTCOMES), 'mixed'],
};

const VERBS: Record<TransitionCommand, string> = {
  ShipReturn: 'record the return shipment of',
  ReceiveReturn: 'receive a line of',
  InspectReturn: 'inspect a line of',
  ShipExchange: 'ship an exchange for',
  IssueRefund: 'refund a line of',
  IssueCredit: 'credit a line of',
  ApplyDisposition: 'apply a disposition to',
  SwitchLineToExchange: 'switch a line to an exchange on',
  ChargeAdvanceExchangeDeposit: 'charge the deposit of',
  ExpireRma: 'expire',
  CancelRma: 'cancel',
  CloseRma: 'close',
};

/** The end of the return-by day (UTC): an RMA is overdue after it. */
export const returnDeadline = (returnBy: string): number => Date.parse(`${returnBy}T23:59:59.999Z`);

const isText = (value: unknown): value is string =>
  typeof value === 'string' && value.trim() !== '';

function authorized(state: RmaState, command: Exclude<RmaCommand, AuthorizeRma>): AuthorizedRma {
  if (state.status === 'none') throw new AggregateNotFoundError(rmaStream(command.rmaId));
  if (state.ended)
    throw new IllegalStateError(
      `RMA ${state.rmaNumber} is ${state.status} and accepts no further commands`,
      state.status,
      `rma-${state.status}`,
    );
  return state;
}

function inState(state: RmaState, command: Exclude<RmaCommand, AuthorizeRma>): AuthorizedRma {
  const rma = authorized(state, command);
  if (!RMA_TRANSITIONS[command.type].includes(rma.status))
    throw new IllegalStateError(
      `Cannot ${VERBS[command.type]} RMA ${rma.rmaNumber}: it is ${rma.status}`,
      rma.status,
      'illegal-transition',
    );
  return rma;
}

/** The line, in one of the given line states; the refusal names both states. */
function lineIn(
  rma: AuthorizedRma,
  command: Exclude<RmaCommand, AuthorizeRma> & { lineId: string },
  accepted: readonly LineState['status'][],
): LineState {
  const line = rma.lines.find((l) => l.lineId === command.lineId);
  ensure(
    line !== undefined,
    'unknown-line',
    'lineId',
    `RMA ${rma.rmaNumber} has no line ${command.lineId}`,
  );
  if (!accepted.includes(line.status))
    throw new IllegalStateError(
      `Cannot ${VERBS[command.type]} RMA ${rma.rmaNumber}: line ${line.lineId} is ${line.status} (the RMA is ${rma.status})`,
      rma.status,
      'illegal-line-transition',
      { lineId: line.lineId, lineState: line.status },
    );
  return line;
}

function requireActor(command: { by: string }): string {
  ensure(isText(command.by), 'field-required', 'by', 'by is required');
  return command.by.trim();
}

function authorize(command: AuthorizeRma, state: RmaState): RmaEvent[] {
  if (state.status !== 'none')
    throw new IllegalStateError(
      `RMA ${state.rmaNumber} was already authorized; it is ${state.status}`,
      state.status,
      'rma-already-authorized',
    );
  ensure(
    RMA_NUMBER_PATTERN.test(command.rmaNumber),
    'invalid-rma-number',
    'rmaNumber',
    'An RMA number reads RMA-YYYY-NNNNNN',
  );
  ensure(command.lines.length > 0, 'lines-required', 'lines', 'An RMA returns at least one unit');
  const serials = new Set(command.lines.map((line) => line.serialNumber));
  ensure(
    serials.size === command.lines.length,
    'duplicate-serial',
    'lines',
    'Each unit appears on one line only',
  );
  ensure(
    new Set(command.lines.map((line) => line.lineId)).size === command.lines.length,
    'duplicate-line',
    'lines',
    'Line ids are unique',
  );
  ensure(
    command.rmaType !== 'warranty_return' || isText(command.claimId),
    'claim-required',
    'claimId',
    'A warranty return fulfils an approved claim: name it',
  );
  ensure(
    command.returnBy >= dayOf(command.at),
    'return-by-in-past',
    'returnBy',
    'returnBy cannot be before the day of authorization',
  );
  const advance = command.rmaType === 'advance_exchange';
  ensure(
    advance === (command.deposit !== null),
    advance ? 'deposit-required' : 'deposit-not-allowed',
    'deposit',
    advance
      ? 'An advance exchange holds a deposit, charged if the unit does not come back'
      : 'Only an advance exchange holds a deposit',
  );
  return [
    {
      type: 'RmaAuthorized',
      data: {
        rmaId: command.rmaId,
        rmaNumber: command.rmaNumber,
        type: command.rmaType,
        manufacturerId: command.manufacturerId,
        retailerId: command.retailerId,
        claimId: command.claimId,
        lines: command.lines.map(({ lineId, serialNumber, productId, model, price }) => ({
          lineId,
          serialNumber,
          productId,
          model,
          price,
        })),
        shipTo: command.shipTo,
        returnBy: command.returnBy,
        shippingLabel: command.shippingLabel,
        deposit: command.deposit,
        authorizedBy: requireActor(command),
        at: command.at,
      },
    },
  ];
}

function shipReturn(command: ShipReturn, state: RmaState): RmaEvent[] {
  const rma = inState(state, command);
  const { carrier, trackingNumber, at } = command;
  return [
    {
      type: 'ReturnShipped',
      data: { rmaId: rma.rmaId, carrier, trackingNumber, by: requireActor(command), at },
    },
  ];
}

function receive(command: ReceiveReturn, state: RmaState): RmaEvent[] {
  const rma = inState(state, command);
  const line = lineIn(rma, command, ['awaiting_return']);
  return [
    {
      type: 'ReturnReceived',
      data: {
        rmaId: rma.rmaId,
        lineId: line.lineId,
        expectedSerialNumber: line.serialNumber,
        receivedSerialNumber: command.serialNumber,
        serialMatches: command.serialNumber === line.serialNumber,
        notes: command.notes,
        by: requireActor(command),
        at: command.at,
      },
    },
  ];
}

function inspect(command: InspectReturn, state: RmaState): RmaEvent[] {
  const rma = inState(state, command);
  const line = lineIn(rma, command, ['received']);
  ensure(
    line.replacementSerialNumber === null || command.disposition === 'exchange',
    'replacement-already-shipped',
    'disposition',
    `Line ${line.lineId}'s replacement already shipped: its disposition is exchange`,
  );
  ensure(
    command.disposition !== 'refund' && command.disposition !== 'credit'
      ? true
      : line.price !== null,
    'price-unknown',
    'disposition',
    `Line ${line.lineId} has no known price to ${command.disposition}`,
  );
  return [
    {
      type: 'ReturnInspected',
      data: {
        rmaId: rma.rmaId,
        lineId: line.lineId,
        grade: command.grade,
        finding: command.finding,
        disposition: command.disposition,
        inspector: requireActor(command),
        notes: command.notes,
        at: command.at,
      },
    },
  ];
}

function shipExchange(command: ShipExchange, state: RmaState): RmaEvent[] {
  const rma = inState(state, command);
  const advance = rma.type === 'advance_exchange';
  const line = lineIn(rma, command, advance ? ['awaiting_return', 'inspected'] : ['inspected']);
  if (line.status === 'inspected')
    ensure(
      line.inspection?.disposition === 'exchange',
      'disposition-mismatch',
      'lineId',
      `Line ${line.lineId} was inspected for ${line.inspection?.disposition}, not an exchange`,
    );
  if (line.replacementSerialNumber !== null)
    throw new IllegalStateError(
      `Cannot ship an exchange for RMA ${rma.rmaNumber}: it is ${rma.status} and line ${line.lineId} already has replacement ${line.replacementSerialNumber}`,
      rma.status,
      'replacement-already-shipped',
      { lineId: line.lineId },
    );
  ensureReplacementFree(rma, line, command);
  return [
    {
      type: 'ExchangeShipped',
      data: {
        rmaId: rma.rmaId,
        lineId: line.lineId,
        manufacturerId: rma.manufacturerId,
        retailerId: rma.retailerId,
        originalSerialNumber: line.serialNumber,
        originalProductId: line.productId,
        replacementSerialNumber: command.replacementSerialNumber,
        carrier: command.carrier,
        trackingNumber: command.trackingNumber,
        advance: line.status === 'awaiting_return',
        by: requireActor(command),
        at: command.at,
      },
    },
  ];
}

/** Refund and credit: the inspected disposition, in the line's currency, never above its price. */
function payOut(command: IssueRefund | IssueCredit, state: RmaState): RmaEvent[] {
  const rma = inState(state, command);
  const line = lineIn(rma, command, ['inspected']);
  const disposition = command.type === 'IssueRefund' ? 'refund' : 'credit';
  ensure(
    line.inspection?.disposition === disposition,
    'disposition-mismatch',
    'lineId',
    `Line ${line.lineId} was inspected for ${line.inspection?.disposition}, not a ${disposition}`,
  );
  const reason = command.registrationCancelled;
  // Bought back meanwhile (e.g. a claim's refund): money on one unit never exceeds its price.
  if (reason !== null)
    throw new IllegalStateError(
      `Cannot ${VERBS[command.type]} RMA ${rma.rmaNumber}: it is ${rma.status} and the registration of line ${line.lineId}'s unit ${line.serialNumber} was cancelled since (${endedBecause(reason)})`,
      rma.status,
      'registration-cancelled',
      {
        lineId: line.lineId,
        serialNumber: line.serialNumber,
        productId: line.productId ?? productIdFor(rma.manufacturerId, line.serialNumber),
        reason,
      },
    );
  const price = line.price as Money;
  const amount = command.amount;
  ensurePayout(
    amount,
    { amount: price.amount - line.refunded - line.credited, currency: price.currency },
    {
      field: 'amount',
      sold: `Line ${line.lineId}`,
      payee: `Line ${line.lineId}`,
      limit: 'its price',
    },
  );
  ensure(isText(command.reference), 'field-required', 'reference', 'reference is required');
  const data = {
    rmaId: rma.rmaId,
    lineId: line.lineId,
    amount: { amount: amount.amount, currency: amount.currency },
    reference: command.reference,
    by: requireActor(command),
    at: command.at,
  };
  return [
    command.type === 'IssueRefund'
      ? { type: 'RefundIssued', data }
      : { type: 'CreditIssued', data },
  ];
}

function applyDisposition(command: ApplyDisposition, state: RmaState): RmaEvent[] {
  const rma = inState(state, command);
  const line = lineIn(rma, command, ['inspected']);
  ensure(
    line.inspection?.disposition === command.disposition,
    'disposition-mismatch',
    'disposition',
    `Line ${line.lineId} was inspected for ${line.inspection?.disposition}, not ${command.disposition}`,
  );
  return [
    {
      type: 'LineDispositionApplied',
      data: {
        rmaId: rma.rmaId,
        lineId: line.lineId,
        disposition: command.disposition,
        reference: command.reference,
        by: requireActor(command),
        at: command.at,
      },
    },
  ];
}

function switchToExchange(command: SwitchLineToExchange, state: RmaState): RmaEvent[] {
  const rma = inState(state, command);
  const line = lineIn(rma, command, ['inspected']);
  // Already bound for an exchange (a redelivered command from the workflow): nothing to change.
  if (line.inspection?.disposition === 'exchange') return [];
  ensure(isText(command.reason), 'field-required', 'reason', 'reason is required');
  ensure(
    line.inspection?.disposition === 'repair',
    'disposition-mismatch',
    'lineId',
    `Line ${line.lineId} was inspected for ${line.inspection?.disposition}, not a repair`,
  );
  return [
    {
      type: 'LineSwitchedToExchange',
      data: {
        rmaId: rma.rmaId,
        lineId: line.lineId,
        reason: command.reason.trim(),
        repairOrderId: command.repairOrderId,
        by: requireActor(command),
        at: command.at,
      },
    },
  ];
}

function notYetDue(rma: AuthorizedRma, at: string, verb: string): void {
  if (Date.parse(at) <= returnDeadline(rma.returnBy))
    throw new IllegalStateError(
      `Cannot ${verb} RMA ${rma.rmaNumber}: it is ${rma.status} and due back by ${rma.returnBy}`,
      rma.status,
      'return-not-yet-due',
      { returnBy: rma.returnBy },
    );
}

function chargeDeposit(command: ChargeAdvanceExchangeDeposit, state: RmaState): RmaEvent[] {
  const rma = authorized(state, command);
  // A timer that fires again after the charge changes nothing.
  if (rma.depositCharged) return [];
  inState(state, command);
  const unreturned = rma.lines.filter(
    (line) => line.replacementSerialNumber !== null && line.status === 'awaiting_return',
  );
  if (rma.type !== 'advance_exchange' || unreturned.length === 0)
    throw new IllegalStateError(
      `Cannot charge a deposit on RMA ${rma.rmaNumber}: it is ${rma.status} and no replacement went out ahead of a return`,
      rma.status,
      'no-advance-replacement',
    );
  notYetDue(rma, command.at, VERBS[command.type]);
  return [
    {
      type: 'AdvanceExchangeDepositCharged',
      data: {
        rmaId: rma.rmaId,
        lineIds: unreturned.map((line) => line.lineId),
        amount: rma.deposit as Money,
        returnBy: rma.returnBy,
        by: requireActor(command),
        at: command.at,
      },
    },
  ];
}

function expire(command: ExpireRma, state: RmaState): RmaEvent[] {
  // A timer that fires again after the expiry changes nothing.
  if (state.status === 'expired') return [];
  const rma = inState(state, command);
  if (
    rma.lines.some(
      (line) => line.status !== 'awaiting_return' || line.replacementSerialNumber !== null,
    )
  )
    throw new IllegalStateError(
      `Cannot expire RMA ${rma.rmaNumber}: it is ${rma.status} and part of it arrived or was exchanged in advance`,
      rma.status,
      'rma-under-way',
    );
  notYetDue(rma, command.at, VERBS[command.type]);
  return [
    {
      type: 'RmaExpired',
      data: { rmaId: rma.rmaId, returnBy: rma.returnBy, by: requireActor(command), at: command.at },
    },
  ];
}

function cancel(command: CancelRma, state: RmaState): RmaEvent[] {
  const rma = inState(state, command);
  if (
    rma.lines.some(
      (line) => line.status !== 'awaiting_return' || line.replacementSerialNumber !== null,
    )
  )
    throw new IllegalStateError(
      `Cannot cancel RMA ${rma.rmaNumber}: it is ${rma.status} and part of it was received or exchanged in advance`,
      rma.status,
      'rma-under-way',
    );
  ensure(isText(command.reason), 'reason-required', 'reason', 'Say why the RMA is cancelled');
  return [
    {
      type: 'RmaCancelled',
      data: {
        rmaId: rma.rmaId,
        reason: command.reason.trim(),
        previousState: rma.status,
        by: requireActor(command),
        at: command.at,
      },
    },
  ];
}

function close(command: CloseRma, state: RmaState): RmaEvent[] {
  const rma = inState(state, command);
  return [
    {
      type: 'RmaClosed',
      data: { rmaId: rma.rmaId, finalState: rma.status, by: requireActor(command), at: command.at },
    },
  ];
}

export const rmaDecider: Decider<RmaCommand, RmaEvent, RmaState> = {
  initialState: noRma,
  decide(command, state) {
    switch (command.type) {
      case 'AuthorizeRma':
        return authorize(command, state);
      case 'ShipReturn':
        return shipReturn(command, state);
      case 'ReceiveReturn':
        return receive(command, state);
      case 'InspectReturn':
        return inspect(command, state);
      case 'ShipExchange':
        return shipExchange(command, state);
      case 'IssueRefund':
      case 'IssueCredit':
        return payOut(command, state);
      case 'ApplyDisposition':
        return applyDisposition(command, state);
      case 'SwitchLineToExchange':
        return switchToExchange(command, state);
      case 'ChargeAdvanceExchangeDeposit':
        return chargeDeposit(command, state);
      case 'ExpireRma':
        return expire(command, state);
      case 'CancelRma':
        return cancel(command, state);
      case 'CloseRma':
        return close(command, state);
    }
  },
  evolve: evolveRma,
};
