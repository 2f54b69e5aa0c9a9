import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CommandContext } from '@warranty/eventsourcing';
import { CommandCtx, receipt, Roles } from '@warranty/platform';
import { ProductCommands } from '../application/product-commands.service';
import type { RegisteredProduct } from '../domain/product.state';
import { RegisterProductDto } from './dto/register-product.dto';
import {
  CancelRegistrationDto,
  ExtendWarrantyDto,
  TransferOwnershipDto,
  VoidWarrantyDto,
} from './dto/product-commands.dto';
import { productView } from './product.view';

const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description: 'ETag of the unit as last read; 412 if it changed since',
};
const IDEMPOTENCY_KEY = {
  name: 'Idempotency-Key',
  required: false,
  description: 'Same key and body return the first response',
};

@ApiTags('products')
@ApiHeader(IDEMPOTENCY_KEY)
@Controller('v1/products')
export class ProductsController {
  constructor(private readonly products: ProductCommands) {}

  @Post()
  @Roles('retailer', 'manufacturer', 'admin')
  @ApiCreatedResponse({ description: 'Registered; Location names the unit, ETag is its revision' })
  async register(
    @Body() body: RegisterProductDto,
    @CommandCtx() context: CommandContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.products.register(body, context);
    const product = result.state as RegisteredProduct;
    res.setHeader('Location', `/v1/products/${encodeURIComponent(product.productId)}`);
    return { ...productView(product), ...receipt(res, result) };
  }

  @Get(':productId')
  @ApiOkResponse({ description: 'The unit as it stands; ETag is its revision' })
  async get(
    @Param('productId') productId: string,
    @CommandCtx() context: CommandContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { product, revision } = await this.products.visible(productId, context);
    res.setHeader('ETag', `"${revision}"`);
    return { ...productView(product), revision };
  }

  @Post(':productId/extensions')
  @HttpCode(200)
  @Roles('retailer', 'manufacturer', 'admin')
  @ApiHeader(IF_MATCH)
  async extend(
    @Param('productId') productId: string,
    @Body() body: ExtendWarrantyDto,
    @CommandCtx() context: CommandContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.products.change(
      {
        type: 'ExtendWarranty',
        productId,
        ...body,
        coverage: body.coverage ?? [],
        extendedAt: this.products.now(),
      },
      context,
    );
    return this.answer(result, res);
  }

  @Post(':productId/transfers')
  @HttpCode(200)
  @Roles('retailer', 'manufacturer', 'admin')
  @ApiHeader(IF_MATCH)
  async transfer(
    @Param('productId') productId: string,
    @Body() body: TransferOwnershipDto,
    @CommandCtx() context: CommandContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.products.change(
      { type: 'TransferOwnership', productId, ...body, requestedAt: this.products.now() },
      context,
    );
    return this.answer(result, res);
  }

  @Post(':productId/void')
  @HttpCode(200)
  @Roles('manufacturer', 'admin')
  @ApiHeader(IF_MATCH)
  async void(
    @Param('productId') productId: string,
    @Body() body: VoidWarrantyDto,
    @CommandCtx() context: CommandContext,
    @Res({ passthrough: true }) res: Response,
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
  @HttpCode(200)
  @Roles('retailer', 'manufacturer', 'admin')
  @ApiHeader(IF_MATCH)
  async cancel(
    @Param('productId') productId: string,
    @Body() body: CancelRegistrationDto,
    @CommandCtx() context: CommandContext,
    @Res({ passthrough: true }) res: Response,
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

  private answer(result: { state: unknown; revision: number; position?: bigint }, res: Response) {
    return { ...productView(result.state as RegisteredProduct), ...receipt(res, result) };
  }
}
