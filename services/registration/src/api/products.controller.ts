import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { CommandContext } from '@warranty/eventsourcing';
import {
  aggregateRead,
  type ApiRole,
  asOfDate,
  CommandCtx,
  CommandOperation,
  QueryOperation,
  receipt,
} from '@warranty/platform';
import { ProductCommands } from '../application/product-commands.service';
import type { RegisteredProduct } from '../domain/product.state';
import { RegisterProductDto } from './dto/register-product.dto';
import {
  CancelRegistrationDto,
  ExtendWarrantyDto,
  ProductAsOfDto,
  TransferOwnershipDto,
  VoidWarrantyDto,
} from './dto/product-commands.dto';
import { productView } from './product.view';
import { ProductReadView, ProductReceiptView } from './responses/product.response';

const EXTENSION_RULES = [
  'The plan is an extension plan (`kind: extension`) the unit’s manufacturer defined with `POST /v1/warranty-plans`; its months and coverage kinds are what the unit gets, from its current coverage end. `extraMonths` and `coverage` may be left out; if sent, they must be the plan’s. A plan may be bought again (a renewal) under another contract.',
  'Refused with 400 (`errors` names the field): `unknown-warranty-plan` and `not-an-extension-plan` (`planCode`), `extra-months-not-the-plans` (`extraMonths`), `coverage-not-the-plans` (`coverage`), `extension-not-transferable` (`planCode`: a plan that ends on a change of owner cannot be added to a unit whose plan goes with it).',
  'Refused with 409 (`state` names the unit’s state): `duplicate-contract` (the contract reference already extended this unit; a retry with the same Idempotency-Key gets the first answer instead), `coverage-end-out-of-range` (the new end would be after 2199-12-31), `warranty-expired`, `warranty-voided`, `coverage-ended-by-transfer`, `registration-cancelled`.',
].join('\n\n');

const SELLERS: ApiRole[] = ['retailer', 'manufacturer', 'admin'];
const CHANGE = { type: ProductReceiptView, roles: SELLERS, notFound: true, ifMatch: true };

@ApiTags('products')
@Controller('v1/products')
export class ProductsController {
  constructor(private readonly products: ProductCommands) {}

  @Post()
  @CommandOperation({
    summary: 'Register a sold unit under a warranty plan',
    type: ProductReceiptView,
    creates: true,
    roles: SELLERS,
  })
  async register(
    @Body() body: RegisterProductDto,
    @CommandCtx() context: CommandContext,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const result = await this.products.register(body, context);
    const product = result.state as RegisteredProduct;
    res.header('Location', `/v1/products/${encodeURIComponent(product.productId)}`);
    return { ...productView(product), ...receipt(res, result) };
  }

  @Get(':productId')
  @QueryOperation({
    summary: 'Read a unit as it stands; with asOf, as it stood then',
    description: 'ETag is sent only without asOf.',
    type: ProductReadView,
    notFound: true,
    etag: true,
  })
  async get(
    @Param('productId') productId: string,
    @Query() query: ProductAsOfDto,
    @CommandCtx() context: CommandContext,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const { product, revision } = await this.products.visible(
      productId,
      context,
      asOfDate(query.asOf),
    );
    return { ...productView(product), ...aggregateRead(res, revision, query.asOf) };
  }

  @Post(':productId/extensions')
  @CommandOperation({
    summary: 'Extend the warranty with an extension plan',
    description: EXTENSION_RULES,
    ...CHANGE,
  })
  async extend(
    @Param('productId') productId: string,
    @Body() body: ExtendWarrantyDto,
    @CommandCtx() context: CommandContext,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const result = await this.products.extend(
      {
        productId,
        planCode: body.planCode,
        // null, which IsOptional lets through, counts as left out
        extraMonths: body.extraMonths ?? undefined,
        coverage: body.coverage ?? undefined,
        contractReference: body.contractReference,
      },
      context,
    );
    return this.answer(result, res);
  }

  @Post(':productId/transfers')
  @CommandOperation({ summary: 'Transfer the unit to a new owner', ...CHANGE })
  async transfer(
    @Param('productId') productId: string,
    @Body() body: TransferOwnershipDto,
    @CommandCtx() context: CommandContext,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const result = await this.products.change(
      { type: 'TransferOwnership', productId, ...body, requestedAt: this.products.now() },
      context,
    );
    return this.answer(result, res);
  }

  @Post(':productId/void')
  @CommandOperation({ summary: 'Void the warranty', ...CHANGE, roles: ['manufacturer', 'admin'] })
  async void(
    @Param('productId') productId: string,
    @Body() body: VoidWarrantyDto,
    @CommandCtx() context: CommandContext,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const result = await this.products.change(
      {
        type: 'VoidWarranty',
        productId,
        reason: body.reason,
        notes: body.notes ?? '',
        voidedBy: context.actor.tenantId,
        voidedAt: this.products.now(),
      },
      context,
    );
    return this.answer(result, res);
  }

  @Post(':productId/cancellation')
  @CommandOperation({ summary: 'Cancel the registration', ...CHANGE })
  async cancel(
    @Param('productId') productId: string,
    @Body() body: CancelRegistrationDto,
    @CommandCtx() context: CommandContext,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const result = await this.products.change(
      {
        type: 'CancelRegistration',
        productId,
        reason: body.reason,
        notes: body.notes ?? '',
        cancelledBy: context.actor.tenantId,
        cancelledAt: this.products.now(),
      },
      context,
    );
    return this.answer(result, res);
  }

  private answer(
    result: { state: unknown; revision: number; position?: bigint },
    res: FastifyReply,
  ) {
    return { ...productView(result.state as RegisteredProduct), ...receipt(res, result) };
  }
}
