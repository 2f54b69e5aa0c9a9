import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@warranty/event-store';
import { normalizeSerialNumber, notRegistered } from '@warranty/coverage';
import {
  type CommandContext,
  type CommandResult,
  IllegalStateError,
  nameBasedId,
  type StreamRead,
} from '@warranty/eventsourcing';
import { ApiProblem, InputValidationError, maySee } from '@warranty/platform';
import {
  claimIndexStream,
  type ClaimIndexState,
  normalizeDefectCategory,
  priorClaimsFor,
} from '../domain/claim-index';
import type { FileClaim } from '../domain/claim.commands';
import { claimDecider } from '../domain/claim.decider';
import { type ClaimState, claimStream, noClaim } from '../domain/claim.state';
import { claimPolicyStream } from '../domain/claim-review-policy';
import { claimantStream, claimsInYearBefore } from '../domain/claimant-history';
import type { ClaimEvent } from '../domain/events';
import { canSeeClaim, claimNotFound } from './claim-access';
import { ClaimStreams } from './claim-streams';
import { coverageKindFor, receiptCoverage } from './receipt-coverage';
import { UnitRegistry } from './unit-registry';

/** An index entry whose claim never got written (the filer crashed between the two appends). */
const ABANDONED_INDEX_ENTRY_MS = 30_000;
/** Namespace of claim ids derived from a tenant and its Idempotency-Key. */
const CLAIM_ID_NAMESPACE = 'warranty/claims/claim';

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

export interface FilingOptions {
  /** The request's Idempotency-Key: the claim id derives from it, so a retry finds its claim. */
  idempotencyKey?: string;
}

/**
 * Filing writes three streams, the main event last, so that nothing can fail after it:
 *  1. the unit's claim index reserves the retailer's defect category (expected revision: of two
 *     simultaneous filings for one defect exactly one wins, the other gets 409) and records the
 *     flags only the manufacturer sees, such as another retailer's open claim for that defect;
 *  2. the customer's history records the claim (a set: appends commute and never conflict);
 *  3. ClaimFiled, with counts read from where steps 1 and 2 put this claim.
 * Each step is idempotent per claim id and the id derives from the Idempotency-Key, so a retry
 * after a crash at any point completes the same claim; a claim already filed is answered as is.
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
    options: FilingOptions = {},
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

    const retailerId = context.actor.tenantId;
    const keyed = options.idempotencyKey !== undefined;
    const claimId = keyed
      ? nameBasedId(CLAIM_ID_NAMESPACE, retailerId, options.idempotencyKey!)
      : this.streams.ids.newId();
    const kind = coverageKindFor(category);
    const indexStream = claimIndexStream(input.manufacturerId, serialNumber);
    const customerStream = claimantStream(input.manufacturerId, input.customer.email);
    // Independent reads, side by side; a random claim id names a stream nobody wrote yet.
    const [claimRead, found, { state: thresholds }, indexRead, claimantRead] = await Promise.all([
      keyed
        ? this.streams.claims.read(claimStream(claimId), context.commandId)
        : this.streams.claims.assumeEmpty(),
      this.units.lookup(input.manufacturerId, serialNumber, input.failureDate, kind),
      this.streams.policies.load(claimPolicyStream(input.manufacturerId)),
      this.streams.index.read(indexStream),
      this.streams.claimants.read(customerStream, context.commandId),
    ]);
    const existing = this.filed(claimId, claimRead, context);
    if (existing) return existing;

    const filedAt = this.streams.now();
    // Another retailer's unit is, for this caller, a unit nobody registered.
    const unit = found.unit && maySee(context.actor, found.parties) ? found.unit : null;
    const coverage = unit
      ? found.coverage
      : input.proofOfPurchase
        ? receiptCoverage(input.proofOfPurchase.date, input.failureDate, kind)
        : notRegistered();
    const command: FileClaim = {
      ...input,
      type: 'FileClaim',
      claimId,
      retailerId,
      serialNumber,
      registration: unit,
      coverage,
      history: { priorClaimsOnUnit: 0, customerClaimsLastYear: 0 },
      reviewThresholds: thresholds,
      filedAt,
    };
    // Refuse bad input before reserving anything in the index.
    claimDecider.decide(command, noClaim);

    const { state: index } = await this.reserve(indexStream, command, category, context, indexRead);
    const { state: claimant } = await this.streams.claimants.handle(
      customerStream,
      {
        type: 'RecordCustomerClaim',
        manufacturerId: input.manufacturerId,
        claimId,
        retailerId,
        filedAt,
      },
      { ...context, expectedRevision: undefined },
      undefined,
      claimantRead,
    );
    const history = {
      priorClaimsOnUnit: priorClaimsFor(index, claimId, retailerId),
      customerClaimsLastYear: claimsInYearBefore(claimant, filedAt, claimId, retailerId),
    };
    try {
      return await this.streams.claims.handle(
        claimStream(claimId),
        { ...command, history },
        { ...context, expectedRevision: undefined },
        undefined,
        claimRead,
      );
    } catch (error) {
      // A retry racing its own first attempt: that attempt's claim is the answer.
      const filed = await this.alreadyFiled(claimId, context);
      if (filed) return filed;
      throw error;
    }
  }

  /** The claim with this id as filed, if this caller filed it already. */
  private async alreadyFiled(
    claimId: string,
    context: CommandContext,
  ): Promise<CommandResult<ClaimEvent, ClaimState> | null> {
    return this.filed(claimId, await this.streams.claims.read(claimStream(claimId)), context);
  }

  private filed(
    claimId: string,
    { state, revision, position }: StreamRead<ClaimState>,
    context: CommandContext,
  ): CommandResult<ClaimEvent, ClaimState> | null {
    if (state.status === 'none') return null;
    if (!canSeeClaim(context.actor, state)) throw claimNotFound(claimId);
    return { streamId: claimStream(claimId), events: [], state, revision, position };
  }

  private async reserve(
    indexStream: string,
    command: FileClaim,
    category: string,
    context: CommandContext,
    indexRead?: StreamRead<ClaimIndexState>,
  ) {
    const open = (first?: StreamRead<ClaimIndexState>) =>
      this.streams.index.handle(
        indexStream,
        {
          type: 'OpenClaimForCategory',
          manufacturerId: command.manufacturerId,
          serialNumber: command.serialNumber,
          claimId: command.claimId,
          retailerId: command.retailerId,
          category,
          reviewThresholds: command.reviewThresholds,
          at: command.filedAt,
        },
        // The index has its own convergence (a reservation may be released and taken again).
        { ...context, expectedRevision: undefined, commandId: undefined },
        undefined,
        first,
      );
    try {
      return await open(indexRead);
    } catch (error) {
      const openClaimId =
        error instanceof IllegalStateError
          ? (error.details.openClaimId as string | undefined)
          : undefined;
      if (!openClaimId) throw error;
      if (!(await this.isStale(openClaimId, indexStream))) {
        // Only index entries from before the per-retailer scope can belong to someone else.
        const own = (error as IllegalStateError).details.openClaimRetailerId === command.retailerId;
        throw new ApiProblem(
          409,
          'open-claim-exists',
          'Conflict',
          own
            ? `Unit ${command.serialNumber} already has open claim ${openClaimId} for '${category}'.`
            : `Unit ${command.serialNumber} already has an open claim for '${category}'.`,
          own ? { openClaimId, category } : { category },
        );
      }
      await this.streams.index.handle(
        indexStream,
        { type: 'ReleaseClaim', claimId: openClaimId, at: command.filedAt },
        { ...context, expectedRevision: undefined, commandId: undefined },
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
