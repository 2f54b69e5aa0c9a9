import { Body, Controller, Module, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { CommandContext } from '@warranty/eventsourcing';
import { CommandCtx, CommandOperation } from '@warranty/platform';
import { RegisterProductDto } from '../../services/registration/src/api/dto/register-product.dto';
import { ProductReceiptView } from '../../services/registration/src/api/responses/product.response';

/**
 * POST /v1/products without the command: the same route, key, guard, Idempotency-Key, input
 * screen and DTO, answering a fixed receipt. Its round shows what the platform alone costs.
 */
@Controller('bench/platform-only/products')
class PlatformOnlyController {
  @Post()
  @CommandOperation({
    summary: 'Bench only',
    type: ProductReceiptView,
    creates: true,
    roles: ['retailer'],
  })
  register(
    @Body() body: RegisterProductDto,
    @CommandCtx() context: CommandContext,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    res.header('Location', `/v1/products/${encodeURIComponent(body.serialNumber)}`);
    return { serialNumber: body.serialNumber, retailerId: context.actor.tenantId, position: '0' };
  }
}

@Module({ controllers: [PlatformOnlyController] })
export class PlatformOnlyModule {}
