import { Injectable } from '@nestjs/common';
import { DurableTimers } from '@warranty/timers';
import type { RmaType } from '../domain/events';
import { returnDeadline } from '../domain/rma.decider';
import { rmaStream } from '../domain/rma.state';

/** What a deadline timer needs to know about its RMA. */
export interface RmaDeadlineSubject {
  rmaId: string;
  returnBy: string;
  manufacturerId: string;
  retailerId: string | null;
}

export const rmaExpiryTimerId = (rmaId: string): string => `rma-expiry-${rmaId}`;
export const rmaDepositTimerId = (rmaId: string): string => `rma-deposit-${rmaId}`;

/** The commands the timers send; the handlers are registered under these types. */
export const RMA_TIMER_COMMANDS = ['ExpireRma', 'ChargeAdvanceExchangeDeposit'] as const;
export type RmaTimerCommand = (typeof RMA_TIMER_COMMANDS)[number];

/**
 * Schedules the RMA's return-by deadlines. Both are scheduled before the event they follow from
 * is appended, so no crash loses one; a timer whose RMA never got written, or moved on, fires a no-op.
 */
@Injectable()
export class RmaDeadlines {
  constructor(private readonly timers: DurableTimers) {}

  /** The first instant the decider accepts the command: just after the end of the return-by day (UTC). */
  static dueAt(returnBy: string): Date {
    return new Date(returnDeadline(returnBy) + 1);
  }

  /** `authorized -> expired` when nothing arrived by the return-by date. */
  scheduleExpiry(rma: RmaDeadlineSubject, correlationId: string) {
    return this.schedule(rmaExpiryTimerId(rma.rmaId), 'ExpireRma', rma, correlationId);
  }

  /** An advance exchange's replacement went out: charge the deposit if the unit is not back in time. */
  scheduleDepositCharge(rma: RmaDeadlineSubject & { type: RmaType }, correlationId: string) {
    return this.schedule(
      rmaDepositTimerId(rma.rmaId),
      'ChargeAdvanceExchangeDeposit',
      rma,
      correlationId,
    );
  }

  private schedule(
    timerId: string,
    type: RmaTimerCommand,
    rma: RmaDeadlineSubject,
    correlationId: string,
  ) {
    return this.timers.schedule({
      timerId,
      dueAt: RmaDeadlines.dueAt(rma.returnBy),
      target: { streamId: rmaStream(rma.rmaId), command: { type, rmaId: rma.rmaId } },
      correlationId,
      tenants: {
        manufacturer: rma.manufacturerId,
        ...(rma.retailerId ? { retailer: rma.retailerId } : {}),
      },
    });
  }
}
