import {
  Body,
  Controller,
  Get,
  Headers,
  Inject,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { SettlementRecorded } from '@warranty/contracts/settlement';
import type { Actor, CommandContext } from '@warranty/eventsourcing';
import {
  aggregateRead,
  ApiProblem,
  CommandCtx,
  CommandOperation,
  CurrentActor,
  QueryOperation,
  readOptions,
  receipt,
} from '@warranty/platform';
import type { ProjectionRunner } from '@warranty/read-models';
import { scopeLedger } from '../application/ledger-scope';
import { SettlementDesk } from '../application/settlement-desk';
import { type SettlementRecord, SettlementsBook } from '../application/settlements-book';
import { SETTLEMENT_PAYABLES } from '../projections/payables.projection';
import { SETTLEMENT_RUNNER } from '../tokens';
import { ledgerPage } from './ledger-page';
import {
  CommandFreshnessDto,
  RecordSettlementDto,
  ReverseSettlementDto,
  SettlementsQueryDto,
} from './settlement.dto';
import {
  SETTLEMENT_ETAG,
  SettlementPageView,
  SettlementReceiptView,
  SettlementView,
  settlementView,
} from './settlement-views';

const settlementIdPipe = new ParseUUIDPipe();

const notFound = (settlementId: string) =>
  new ApiProblem(404, 'settlement-not-found', 'Not found', `No settlement ${settlementId}.`);

const recordedView = (
  event: SettlementRecorded['data'],
  streamId: string,
  revision: number,
): SettlementRecord => ({
  settlementId: event.settlementId,
  streamId,
  manufacturerId: event.manufacturerId,
  payee: event.payee,
  status: 'paid',
  total: event.total,
  items: event.items,
  reference: event.reference,
  paidOn: event.paidOn,
  note: event.note,
  recordedBy: event.by,
  recordedAt: event.at,
  reversal: null,
  revision,
});

/**
 * A manufacturer records what it paid a retailer or service center against the payables it owes
 * them; a payable is paid at most once while its payment stands, and a reversal owes it again.
 */
@ApiTags('settlement')
@Controller('v1/settlements')
export class SettlementsController {
  constructor(
    private readonly desk: SettlementDesk,
    private readonly settlements: SettlementsBook,
    @Inject(SETTLEMENT_RUNNER) private readonly runner: ProjectionRunner,
  ) {}

  @Post()
  @CommandOperation({
    summary: 'Record a payment to a retailer or service center against payables you owe it',
    description:
      "Names open payables to one payee, all in one currency, as GET /v1/payables lists them; their amounts are taken from there. A payable that a standing settlement paid already answers 409 `payables-already-settled`, naming it and that settlement; one you do not owe this payee is a 400. Pass `minPosition` when the payables come from events you have just written. With an Idempotency-Key the settlement id derives from it. The answer's ETag and `revision` are the new settlement's own (see GET /v1/settlements/{settlementId}); If-Match does not apply, as there is nothing to match yet.",
    type: SettlementReceiptView,
    roles: ['manufacturer'],
    creates: true,
    readModel: true,
  })
  async record(
    @Body() body: RecordSettlementDto,
    @Query() query: CommandFreshnessDto,
    @CommandCtx() context: CommandContext,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: FastifyReply,
  ) {
    await this.runner.awaitRead(SETTLEMENT_PAYABLES, readOptions(query.minPosition, response));
    const { result, event: recorded } = await this.desk.record(
      context.actor.tenantId,
      {
        payee: { kind: body.payee.kind, id: body.payee.id },
        payableIds: body.payableIds,
        reference: body.reference,
        paidOn: body.paidOn,
        note: body.note ?? '',
      },
      context,
      idempotencyKey,
    );
    void response.header('Location', `/v1/settlements/${recorded.data.settlementId}`);
    return {
      ...settlementView(recordedView(recorded.data, result.streamId, result.revision)),
      ...receipt(response, result),
    };
  }

  @Get()
  @QueryOperation({
    summary: 'Settlements, newest first, a page at a time',
    description:
      'A manufacturer sees what it paid, a retailer or service center what it was paid, auditors and admins everything.',
    type: SettlementPageView,
    readModel: true,
  })
  async list(
    @Query() query: SettlementsQueryDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: FastifyReply,
  ) {
    const page = await ledgerPage(this.runner, actor, query, response, (scope, limit) =>
      this.settlements.list(scope, query.status, query.cursor, limit),
    );
    return { items: page.items.map(settlementView), nextCursor: page.nextCursor };
  }

  @Get(':settlementId')
  @QueryOperation({
    summary: 'One settlement with the payables it paid',
    description: `ETag: ${SETTLEMENT_ETAG}.`,
    type: SettlementView,
    readModel: true,
    notFound: true,
    etag: true,
  })
  async one(
    @Param('settlementId', settlementIdPipe) settlementId: string,
    @Query() query: CommandFreshnessDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: FastifyReply,
  ) {
    await this.runner.awaitRead(SETTLEMENT_PAYABLES, readOptions(query.minPosition, response));
    const scope = scopeLedger(actor, {});
    const settlement = scope && (await this.settlements.one(scope, settlementId));
    if (!settlement) throw notFound(settlementId);
    return { ...settlementView(settlement), ...aggregateRead(response, settlement.revision) };
  }

  @Post(':settlementId/reversal')
  @CommandOperation({
    summary: 'Reverse a settlement whose payment did not go through: its payables are owed again',
    description: `A reversed settlement stays listed, with the reason. Pass \`minPosition\` right after recording it. If-Match takes the settlement's ETag (${SETTLEMENT_ETAG}): 412 only when the settlement itself changed since, that is, when it was reversed.`,
    type: SettlementReceiptView,
    roles: ['manufacturer'],
    notFound: true,
    readModel: true,
    ifMatch: true,
  })
  async reverse(
    @Param('settlementId', settlementIdPipe) settlementId: string,
    @Body() body: ReverseSettlementDto,
    @Query() query: CommandFreshnessDto,
    @CommandCtx() context: CommandContext,
    @Res({ passthrough: true }) response: FastifyReply,
  ) {
    await this.runner.awaitRead(SETTLEMENT_PAYABLES, readOptions(query.minPosition, response));
    const settlement = await this.settlements.one(
      { manufacturerId: context.actor.tenantId },
      settlementId,
    );
    if (!settlement) throw notFound(settlementId);
    const { result, event: reversed } = await this.desk.reverse(
      settlement.streamId,
      settlementId,
      body.reason,
      context,
    );
    const reversal = { reason: reversed.data.reason, by: reversed.data.by, at: reversed.data.at };
    return {
      ...settlementView({ ...settlement, status: 'reversed', reversal, revision: result.revision }),
      ...receipt(response, result),
    };
  }
}
