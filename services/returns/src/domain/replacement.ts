import { ensure, IllegalStateError } from '@warranty/eventsourcing';
import { endedBecause } from '@warranty/contracts/registration';
import type { ShipExchange } from './rma.commands';
import type { AuthorizedRma, LineState } from './rma.state';

/** What registration has on file for a replacement serial, read by the caller before deciding. */
export type ReplacementOnFile =
  | { status: 'unregistered' }
  /** Sold and registered to a customer (its warranty may be voided): someone else's unit. */
  | { status: 'registered' }
  | { status: 'cancelled'; cancelledFor: string };

/**
 * A replacement is a unit registration can register for the line's customer: not a unit this RMA
 * returns, not one another line already got, and a serial registration never registered (a unit is
 * registered once, so a cancelled registration cannot take it either).
 */
export function ensureReplacementFree(
  rma: AuthorizedRma,
  line: LineState,
  command: ShipExchange,
): void {
  const serialNumber = command.replacementSerialNumber;
  const returned = rma.lines.find((l) => l.serialNumber === serialNumber);
  ensure(
    returned === undefined,
    'replacement-is-returned-unit',
    'replacementSerialNumber',
    returned?.lineId === line.lineId
      ? `${serialNumber} is the unit line ${line.lineId} returns: its replacement is another unit`
      : `${serialNumber} is the unit line ${returned?.lineId} of RMA ${rma.rmaNumber} returns: it cannot replace line ${line.lineId}`,
  );
  const refuse = (code: string, why: string, details: Record<string, unknown> = {}) =>
    new IllegalStateError(
      `Cannot ship an exchange for RMA ${rma.rmaNumber}: it is ${rma.status} and replacement ${serialNumber} ${why}`,
      rma.status,
      code,
      { lineId: line.lineId, serialNumber, ...details },
    );
  const sibling = rma.lines.find((l) => l.replacementSerialNumber === serialNumber);
  if (sibling)
    throw refuse('replacement-already-used', `already went out for line ${sibling.lineId}`, {
      usedOnLineId: sibling.lineId,
    });
  const onFile = command.replacementOnFile;
  if (onFile.status === 'registered')
    throw refuse(
      'replacement-registered',
      'is a registered unit, sold to a customer: ship a unit that was never registered',
    );
  if (onFile.status === 'cancelled')
    throw refuse(
      'replacement-registration-cancelled',
      `was registered before and its registration was cancelled (${endedBecause(onFile.cancelledFor)}); a unit is registered once, so it cannot be registered again as a replacement`,
      { reason: onFile.cancelledFor },
    );
}
