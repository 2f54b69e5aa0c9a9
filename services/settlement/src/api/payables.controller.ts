import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Actor } from '@warranty/eventsourcing';
import { CurrentActor, QueryOperation } from '@warranty/platform';
import type { ProjectionRunner } from '@warranty/read-models';
import { PayablesBook } from '../application/payables-book';
import { SETTLEMENT_RUNNER } from '../tokens';
import { BalancesQueryDto, PayablesQueryDto } from './settlement.dto';
import { ledgerPage } from './ledger-page';
import { BalancePageView, PayablePageView, payableView } from './settlement-views';

const WHO_SEES =
  'A manufacturer sees what it owes, a retailer or service center what it is owed, auditors and admins everything; a filter naming anyone else answers an empty page.';

/**
 * What manufacturers owe: a retailer for a claim paid directly by refund or credit and for refunds
 * and credits issued on RMAs of units it sold, a service center for the reimbursement of each
 * repair order it closed.
 */
@ApiTags('settlement')
@Controller('v1/payables')
export class PayablesController {
  constructor(
    private readonly payables: PayablesBook,
    @Inject(SETTLEMENT_RUNNER) private readonly runner: ProjectionRunner,
  ) {}

  @Get()
  @QueryOperation({
    summary: 'Payables, oldest owed first, a page at a time',
    description: `Each payable comes from one case event: a claim resolved \`refunded\` or \`credited\` with no RMA (its approved amount, owed to the retailer that filed it), a refund or credit issued on an RMA line (owed to the retailer that sold the unit), a repair order closed or declared unrepairable (its reimbursement, owed to the service center). ${WHO_SEES}`,
    type: PayablePageView,
    readModel: true,
  })
  async list(
    @Query() query: PayablesQueryDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: FastifyReply,
  ) {
    const page = await ledgerPage(this.runner, actor, query, response, (scope, limit) =>
      this.payables.list(
        scope,
        {
          status: query.status,
          currency: query.currency,
          // As UTC: PostgreSQL refuses offsets past 15 hours that the instant rule lets through.
          owedThrough: query.owedThrough && new Date(query.owedThrough).toISOString(),
          settlementId: query.settlementId,
        },
        query.cursor,
        limit,
      ),
    );
    return { items: page.items.map(payableView), nextCursor: page.nextCursor };
  }

  @Get('balances')
  @QueryOperation({
    summary: 'What is still open, per manufacturer, payee and currency',
    description: WHO_SEES,
    type: BalancePageView,
    readModel: true,
  })
  async balances(
    @Query() query: BalancesQueryDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: FastifyReply,
  ) {
    return ledgerPage(this.runner, actor, query, response, (scope, limit) =>
      this.payables.balances(scope, query.currency, query.cursor, limit),
    );
  }
}
