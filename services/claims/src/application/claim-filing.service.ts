import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@warranty/event-store';
import { normalizeSerialNumber } from '@warranty/coverage';
import {
  type CommandContext,
  type CommandResult,
  IllegalStateError,
} from '@warranty/eventsourcing';
import { ApiProblem, InputValidationError } from '@warranty/platform';
import { claimIndexStream, normalizeDefectCategory } from '../domain/claim-index';
import type { FileClaim } from '../domain/claim.commands';
import { claimDecider } from '../domain/claim.decider';
import { type ClaimState, claimStream, noClaim } from '../domain/claim.state';
import { claimPolicyStream } from '../domain/claim-review-policy';
import { claimantStream, claimsInYearBefore } from '../domain/claimant-history';
import type { ClaimEvent } from '../domain/events';
import { ClaimStreams } from './claim-streams';
import { coverageKindFor, receiptCoverage } from './receipt-coverage';
import { UnitRegistry } from './unit-registry';

/** An index entry whose claim never got written (the filer crashed between the two appends). */
const ABANDONED_INDEX_ENTRY_MS = 30_000;

export type ClaimFilingInput = Omit<
  FileClaim,
  | 'type'
  | 'claimId'
  | 'retailerId'
  | 'registration'
  | 'coverage'
  | 'history'
  | 'reviewThresholds'
  | 'filedAt'
>;

/**
 * Filing: assess coverage from the registration (or the receipt), reserve the unit's defect
 * category in the claim index with an expected revision, then write ClaimFiled. The index append
 * is what makes two simultaneous filings for one defect end with exactly one claim.
 */
@Injectable()
export class ClaimFiling {
  constructor(
    private readonly streams: ClaimStreams,
    private readonly units: UnitRegistry,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async file(
    input: ClaimFilingInput,
    context: CommandContext,
  ): Promise<CommandResult<ClaimEvent, ClaimState>> {
    const serialNumber = normalizeSerialNumber(input.serialNumber);
    const category = normalizeDefectCategory(input.defect.category);
    const fieldErrors = [
      ...(serialNumber
        ? []
        : [
            {
              field: 'serialNumber',
              message: 'serialNumber must be 1-64 letters, digits, dots, dashes or underscores',
            },
          ]),
      ...(category
        ? []
        : [{ field: 'defect.category', message: 'defect.category must be 1-64 characters' }]),
    ];
    if (!serialNumber || !category) throw new InputValidationError(fieldErrors);

    const filedAt = this.streams.now();
    const kind = coverageKindFor(category);
    const { unit, coverage: registered } = await this.units.lookup(
      input.manufacturerId,
      serialNumber,
      input.failureDate,
      kind,
    );
    const coverage =
      unit || !input.proofOfPurchase
        ? registered
        : receiptCoverage(input.proofOfPurchase.date, input.failureDate, kind);
    const indexStream = claimIndexStream(input.manufacturerId, serialNumber);
    const [{ state: index }, { state: thresholds }, { state: claimant }] = await Promise.all([
      this.streams.index.load(indexStream),
      this.streams.policies.load(claimPolicyStream(input.manufacturerId)),
      this.streams.claimants.load(claimantStream(input.manufacturerId, input.customer.email)),
    ]);
    const command: FileClaim = {
      ...input,
      type: 'FileClaim',
      claimId: this.streams.ids.newId(),
      retailerId: context.actor.tenantId,
      serialNumber,
      registration: unit,
      coverage,
      history: {
        priorClaimsOnUnit: index.totalClaims,
        customerClaimsLastYear: claimsInYearBefore(claimant, filedAt),
      },
      reviewThresholds: thresholds,
      filedAt,
    };
    // Refuse bad input before reserving anything in the index.
    claimDecider.decide(command, noClaim);

    const indexed = await this.reserve(indexStream, command, category, context);
    const priorClaimsOnUnit = (
      indexed.events[0]?.data as { priorClaimsOnUnit?: number } | undefined
    )?.priorClaimsOnUnit;
    const filed = await this.streams.claims.handle(
      claimStream(command.claimId),
      {
        ...command,
        history: {
          ...command.history,
          priorClaimsOnUnit: priorClaimsOnUnit ?? command.history.priorClaimsOnUnit,
        },
      },
      { ...context, expectedRevision: undefined },
    );
    await this.streams.claimants.handle(
      claimantStream(input.manufacturerId, input.customer.email),
      {
        type: 'RecordCustomerClaim',
        manufacturerId: input.manufacturerId,
        claimId: command.claimId,
        filedAt,
      },
      { ...context, expectedRevision: undefined },
    );
    return filed;
  }

  private async reserve(
    indexStream: string,
    command: FileClaim,
    category: string,
    context: CommandContext,
  ) {
    const open = () =>
      this.streams.index.handle(
        indexStream,
        {
          type: 'OpenClaimForCategory',
          manufacturerId: command.manufacturerId,
          serialNumber: command.serialNumber,
          claimId: command.claimId,
          category,
          at: command.filedAt,
        },
        { ...context, expectedRevision: undefined },
      );
    try {
      return await open();
    } catch (error) {
      const openClaimId =
        error instanceof IllegalStateError
          ? (error.details.openClaimId as string | undefined)
          : undefined;
      if (!openClaimId) throw error;
      if (!(await this.isStale(openClaimId, indexStream))) {
        throw new ApiProblem(
          409,
          'open-claim-exists',
          'Conflict',
          `Unit ${command.serialNumber} already has open claim ${openClaimId} for '${category}'.`,
          {
            openClaimId,
            category,
          },
        );
      }
      await this.streams.index.handle(
        indexStream,
        { type: 'ReleaseClaim', claimId: openClaimId, at: command.filedAt },
        { ...context, expectedRevision: undefined },
      );
      return open();
    }
  }

  /** The open claim ended without releasing its entry, or was never written after an old reservation. */
  private async isStale(claimId: string, indexStream: string): Promise<boolean> {
    const { state, revision } = await this.streams.claims.load(claimStream(claimId));
    if (revision >= 0) {
      return (
        state.status === 'closed' ||
        state.status === 'withdrawn' ||
        (state.status === 'rejected' && Boolean(state.rejection?.final))
      );
    }
    const reservation = (await this.store.readStream(indexStream)).find(
      (e) => e.type === 'ClaimIndexed' && (e.data as { claimId?: string }).claimId === claimId,
    );
    // Wall-clock age on purpose: this is about a crashed writer, not domain time.
    return (
      reservation !== undefined &&
      Date.now() - reservation.recordedAt.getTime() > ABANDONED_INDEX_ENTRY_MS
    );
  }
}
