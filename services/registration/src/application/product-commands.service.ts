import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@warranty/event-store';
import {
  CLOCK,
  type Clock,
  CommandHandler,
  type CommandContext,
  ID_GENERATOR,
  type IdGenerator,
  IllegalStateError,
  foldAsOf,
  nameBasedId,
  type StreamRead,
  toEnvelope,
} from '@warranty/eventsourcing';
import { registrationEvents } from '@warranty/contracts/registration';
import { ApiProblem, InputValidationError } from '@warranty/platform';
import type { ProductEvent } from '../domain/events';
import type { ExtendWarranty, ProductCommand } from '../domain/product.commands';
import { productDecider } from '../domain/product.decider';
import type { ProductState } from '../domain/product.state';
import { normalizeSerialNumber, productIdFor, productStream } from '../domain/serial-number';
import { canSee, forbidden, productNotFound, productNotYetExisting } from './product-access';
import type { RegisteredProduct } from '../domain/product.state';
import { WarrantyPlanCommands } from './warranty-plan-commands.service';

export type ProductChange = Exclude<
  ProductCommand,
  | { type: 'RegisterProduct' }
  | { type: 'RegisterReplacement' }
  | { type: 'EndReplacedRegistration' }
  | { type: 'ExtendWarranty' }
>;
type Extension = Omit<ExtendWarranty, 'type' | 'plan' | 'extendedAt'>;
type Registration = Omit<
  Extract<ProductCommand, { type: 'RegisterProduct' }>,
  'type' | 'plan' | 'registeredAt' | 'retailerId'
> & { planCode: string; retailerId?: string };

/** Other tenants' units, like units never registered, are not found. */
const visibleTo =
  ({ actor }: Pick<CommandContext, 'actor'>, productId: string) =>
  (state: ProductState): void => {
    if (state.status === 'unregistered' || !canSee(actor, state)) throw productNotFound(productId);
  };

/** Namespace of the command id that ends an original's registration, derived from the replacement's. */
const ORIGINAL_NAMESPACE = 'warranty/registration/replaced-original';

/** Application service for a unit's stream: scoping, plan lookup, then the decider. */
@Injectable()
export class ProductCommands {
  private readonly handler: CommandHandler<ProductCommand, ProductEvent, ProductState>;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) ids: IdGenerator,
    private readonly plans: WarrantyPlanCommands,
  ) {
    this.handler = new CommandHandler(store, productDecider, clock, ids, {
      tenants: (state) =>
        state.status === 'unregistered'
          ? {}
          : { retailer: state.retailerId, manufacturer: state.manufacturerId },
      schemaVersion: registrationEvents.schemaVersion,
      upcast: (recorded) => registrationEvents.decode<ProductEvent>(recorded),
    });
  }

  async register(input: Registration, context: CommandContext) {
    const { actor } = context;
    const retailerId = input.retailerId ?? (actor.role === 'retailer' ? actor.tenantId : undefined);
    if (!retailerId)
      throw new InputValidationError([{ field: 'retailerId', message: 'retailerId is required' }]);
    if (actor.role === 'retailer' && retailerId !== actor.tenantId)
      throw forbidden('A retailer registers units only as itself.');
    if (actor.role === 'manufacturer' && input.manufacturerId !== actor.tenantId) {
      throw forbidden('A manufacturer registers only its own units.');
    }
    const serialNumber = normalizeSerialNumber(input.serialNumber);
    if (!serialNumber) {
      throw new InputValidationError([
        {
          field: 'serialNumber',
          message: 'serialNumber must be 1-64 letters, digits, dots, dashes or underscores',
        },
      ]);
    }
    const defined = await this.plans.definedPlan(input.manufacturerId, input.planCode);
    if (!defined || defined.kind === 'extension') {
      throw new InputValidationError([
        {
          field: 'planCode',
          message: defined
            ? `${input.planCode} is an extension plan of ${input.manufacturerId}: a unit registers on a base plan`
            : `${input.manufacturerId} has no warranty plan ${input.planCode}`,
        },
      ]);
    }
    const { kind: _kind, ...plan } = defined;
    const productId = productIdFor(input.manufacturerId, serialNumber);
    try {
      return await this.handler.handle(
        productStream(productId),
        {
          ...input,
          type: 'RegisterProduct',
          serialNumber,
          retailerId,
          plan,
          registeredAt: this.clock.now().toISOString(),
        },
        { ...context, expectedRevision: undefined },
        undefined,
        // Registrations are of new units: skip the read; an existing stream fails the append and is read then.
        this.handler.assumeEmpty(),
      );
    } catch (error) {
      if (error instanceof IllegalStateError) {
        const { state } = await this.handler.load(productStream(productId));
        // Another tenant's unit: say that it is taken, but nothing of its registration.
        if (state.status === 'unregistered' || !canSee(actor, state))
          throw new ApiProblem(
            409,
            'already-registered',
            'Conflict',
            `Unit ${serialNumber} of ${input.manufacturerId} is already registered.`,
          );
        throw new ApiProblem(
          409,
          'already-registered',
          'Conflict',
          `Unit ${serialNumber} of ${input.manufacturerId} is already registered as ${productId}.`,
          { productId, state: error.state },
        );
      }
      throw error;
    }
  }

  /**
   * Registers an exchange's replacement with the original's remaining coverage, and ends the
   * original's registration. Two streams, each safe to write again, in this order:
   *  1. the original's registration ends naming the replacement (refusals come before any
   *     write); whichever exchange ends it first is the only one whose replacement is covered;
   *  2. the replacement is registered (expected: no stream), from the original as it was.
   * Each write has its own command id derived from the caller's, so a retry after a crash at any
   * point finds what it wrote and completes the rest; a finished one answers with its registration.
   */
  async registerReplacement(
    input: { manufacturerId: string; serialNumber: string; replacesProductId: string },
    context: CommandContext & { commandId: string },
  ) {
    const productId = productIdFor(
      input.manufacturerId,
      normalizeSerialNumber(input.serialNumber) ?? input.serialNumber,
    );
    const replacement = await this.handler.read(productStream(productId), context.commandId);
    const single = { ...context, expectedRevision: undefined };
    const originalStream = productStream(input.replacesProductId);
    const replacing = (original: ProductState): ProductCommand => ({
      type: 'RegisterReplacement',
      manufacturerId: input.manufacturerId,
      serialNumber: input.serialNumber,
      original,
      registeredAt: this.clock.now().toISOString(),
    });
    let { state: original } = await this.handler.load(originalStream);
    if (!replacement.earlier) {
      // Refuse a taken serial or an uncovered original before the original's registration ends.
      productDecider.decide(replacing(original), replacement.state);
      ({ state: original } = await this.handler.handle(
        originalStream,
        {
          type: 'EndReplacedRegistration',
          productId: input.replacesProductId,
          replacementProductId: productId,
          endedBy: context.actor.tenantId,
          endedAt: this.clock.now().toISOString(),
        },
        { ...single, commandId: nameBasedId(ORIGINAL_NAMESPACE, context.commandId) },
      ));
    }
    const register = (read: StreamRead<ProductState>) =>
      this.handler.handle(productStream(productId), replacing(original), single, undefined, read);
    try {
      return await register(replacement);
    } catch (error) {
      // The registration may have landed before the failure: then it is the answer.
      const landed = await this.handler.read(productStream(productId), context.commandId);
      if (landed.earlier) return register(landed);
      throw error;
    }
  }

  /**
   * Ends a refunded unit's registration (`returned_for_refund`), for returns' RefundIssued: no
   * tenant asks, so no visibility check. A retry of the same command id answers with its first
   * write; a registration already ended (for any reason), or an unknown unit, is refused.
   */
  async endRefundedRegistration(
    input: { productId: string; notes: string },
    context: CommandContext & { commandId: string },
  ) {
    return this.handler.handle(
      productStream(input.productId),
      {
        type: 'CancelRegistration',
        productId: input.productId,
        reason: 'returned_for_refund',
        notes: input.notes,
        cancelledBy: context.actor.tenantId,
        cancelledAt: this.clock.now().toISOString(),
      },
      { ...context, expectedRevision: undefined },
    );
  }

  async change(command: ProductChange, context: CommandContext) {
    return this.handler.handle(
      productStream(command.productId),
      command,
      context,
      visibleTo(context, command.productId),
    );
  }

  /**
   * Extends a unit's warranty under a plan of its manufacturer: the unit is read first to know
   * whose plan to look up, and that read is the one the command is decided on.
   */
  async extend(input: Extension, context: CommandContext) {
    const stream = productStream(input.productId);
    const guard = visibleTo(context, input.productId);
    const read = await this.handler.read(stream, context.commandId);
    guard(read.state);
    const { manufacturerId } = read.state as RegisteredProduct;
    const plan = (await this.plans.definedPlan(manufacturerId, input.planCode)) ?? null;
    return this.handler.handle(
      stream,
      { ...input, type: 'ExtendWarranty', plan, extendedAt: this.now() },
      context,
      guard,
      read,
    );
  }

  /**
   * The unit as the caller may see it now (who may see it is decided on the current state), or as
   * it stood at `asOf` (domain time), with the revision it had then; 404 for other tenants' units.
   */
  async visible(productId: string, context: Pick<CommandContext, 'actor'>, asOf?: Date) {
    const { state, revision } = await this.handler.load(productStream(productId));
    if (state.status === 'unregistered' || !canSee(context.actor, state))
      throw productNotFound(productId);
    if (!asOf) return { product: state, revision };
    const events = (await this.store.readStream(productStream(productId))).map((recorded) => ({
      ...toEnvelope(recorded),
      ...registrationEvents.decode<ProductEvent>(recorded),
    }));
    const then = foldAsOf(productDecider, events, asOf);
    if (!then) throw productNotYetExisting(productId, asOf);
    return { product: then.state as RegisteredProduct, revision: then.revision };
  }

  now(): string {
    return this.clock.now().toISOString();
  }
}
