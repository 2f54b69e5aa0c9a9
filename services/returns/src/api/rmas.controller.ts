import {
  Body,
  Controller,
  Get,
  Headers,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { normalizeSerialNumber } from '@warranty/coverage';
import type { CommandContext } from '@warranty/eventsourcing';
import {
  aggregateRead,
  asOfDate,
  type ApiRole,
  CommandCtx,
  CommandOperation,
  QueryOperation,
  receipt,
} from '@warranty/platform';
import { type RmaAction, RmaActions } from '../application/rma-actions.service';
import { RmaAuthorization } from '../application/rma-authorization.service';
import type { AuthorizedRma } from '../domain/rma.state';
import {
  ApplyDispositionDto,
  AuthorizeRmaDto,
  CancelRmaDto,
  InspectLineDto,
  NoBodyDto,
  PayOutDto,
  ReceiveLineDto,
  RmaAsOfDto,
  ShipExchangeDto,
  SwitchToExchangeDto,
  ShipmentDto,
} from './dto/rma.dto';
import { RmaHistoryView, RmaReadView, RmaReceiptView } from './responses/rma.response';
import { historyEntry, rmaView } from './rma.view';

// Random RMA ids are version 4; those derived from a claim or an Idempotency-Key version 5.
const rmaIdPipe = new ParseUUIDPipe();
/** The validators let only serials through that normalize. */
const serial = (raw: string) => normalizeSerialNumber(raw) as string;

const STEP = { type: RmaReceiptView, notFound: true, ifMatch: true } as const;

/** What a refund or credit does beyond the RMA, and what refuses it. */
const PAY_OUT =
  'A refund or a credit buys the line’s unit back, once: registration then ends the unit’s registration (`returned_for_refund`). The unit’s registration is read before anything is written.';
const BOUGHT_BACK =
  '`registration-cancelled`: the line’s unit had its registration cancelled since the RMA was authorized (`reason`: returned_for_refund, e.g. after a claim’s refund or credit on it; replaced; registered_in_error), with `lineId`, `serialNumber` and `productId`.';

/** A step of an existing RMA, by one of these roles. */
const Step = (summary: string, ...roles: ApiRole[]) =>
  CommandOperation({ ...STEP, summary, roles });

@ApiTags('returns')
@Controller('v1/rmas')
export class RmasController {
  constructor(
    private readonly authorization: RmaAuthorization,
    private readonly actions: RmaActions,
  ) {}

  @Post()
  @CommandOperation({
    summary: 'Authorize an RMA (a retailer may open a refund return inside its return window)',
    description:
      'Answers with the RMA number, its lines as registration knows the units, and the return-by date.',
    type: RmaReceiptView,
    creates: true,
    roles: ['manufacturer', 'retailer', 'admin'],
  })
  async authorize(
    @Body() body: AuthorizeRmaDto,
    @CommandCtx() context: CommandContext,
    @Res({ passthrough: true }) res: FastifyReply,
    @Headers('idempotency-key') idempotencyKey?: string,
  ) {
    const result = await this.authorization.authorize(body, context, { idempotencyKey });
    const rma = result.state as AuthorizedRma;
    res.header('Location', `/v1/rmas/${rma.rmaId}`);
    return { ...rmaView(rma), ...receipt(res, result) };
  }

  @Get(':rmaId')
  @QueryOperation({
    summary: 'Read an RMA; with asOf, as it stood then',
    description: 'ETag is sent only without asOf.',
    type: RmaReadView,
    notFound: true,
    etag: true,
  })
  async get(
    @Param('rmaId', rmaIdPipe) rmaId: string,
    @Query() query: RmaAsOfDto,
    @CommandCtx() context: CommandContext,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const { rma, revision } = await this.actions.get(rmaId, context, asOfDate(query.asOf));
    return { ...rmaView(rma), ...aggregateRead(res, revision, query.asOf) };
  }

  @Get(':rmaId/history')
  @QueryOperation({
    summary: 'Every event of the RMA with its envelope; with asOf, those up to then',
    type: RmaHistoryView,
    notFound: true,
  })
  async history(
    @Param('rmaId', rmaIdPipe) rmaId: string,
    @Query() query: RmaAsOfDto,
    @CommandCtx() context: CommandContext,
  ) {
    const events = await this.actions.history(rmaId, context, asOfDate(query.asOf));
    return { rmaId, events: events.map(historyEntry) };
  }

  @Post(':rmaId/shipment')
  @Step(
    'Record that the units were shipped back (carrier and tracking)',
    'retailer',
    'manufacturer',
  )
  ship(
    @Param('rmaId', rmaIdPipe) id: string,
    @Body() body: ShipmentDto,
    @CommandCtx() c: CommandContext,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    return this.run(
      id,
      { type: 'ShipReturn', carrier: body.carrier, trackingNumber: body.trackingNumber },
      c,
      res,
    );
  }

  @Post(':rmaId/receipt')
  @Step('Receive a line; a serial that differs is recorded as a mismatch', 'manufacturer')
  receive(
    @Param('rmaId', rmaIdPipe) id: string,
    @Body() body: ReceiveLineDto,
    @CommandCtx() c: CommandContext,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const action: RmaAction = {
      type: 'ReceiveReturn',
      lineId: body.lineId,
      serialNumber: serial(body.serialNumber),
      notes: body.notes ?? '',
    };
    return this.run(id, action, c, res);
  }

  @Post(':rmaId/inspection')
  @Step('Inspect a received line: grade, finding and disposition', 'manufacturer')
  inspect(
    @Param('rmaId', rmaIdPipe) id: string,
    @Body() body: InspectLineDto,
    @CommandCtx() c: CommandContext,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const action: RmaAction = {
      type: 'InspectReturn',
      lineId: body.lineId,
      grade: body.grade,
      finding: body.finding,
      disposition: body.disposition,
      notes: body.notes ?? '',
    };
    return this.run(id, action, c, res);
  }

  @Post(':rmaId/exchange-shipment')
  @CommandOperation({
    ...STEP,
    summary: 'Ship a line’s replacement (an advance exchange ships it before the return arrives)',
    description:
      'The replacement is a unit registration has never registered: once it went out, registration registers it for the line’s customer with what was left of the original’s coverage, and ends the original’s registration. The serial is checked against registration’s records before anything is written.',
    roles: ['manufacturer'],
    refusals: {
      400: '`replacement-is-returned-unit`: the replacement is a unit this RMA returns (the line’s own or another line’s).',
      409: '`replacement-registered`: the replacement is a registered unit, sold to a customer (its warranty may be voided); nothing of that sale is told. `replacement-registration-cancelled`: it was registered before and its registration was cancelled (`reason`: returned_for_refund, replaced, registered_in_error); a unit is registered once. `replacement-already-used`: it went out for another line of this RMA (`usedOnLineId`). `replacement-already-shipped`: the line has its replacement already.',
    },
  })
  shipExchange(
    @Param('rmaId', rmaIdPipe) id: string,
    @Body() body: ShipExchangeDto,
    @CommandCtx() c: CommandContext,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const action: RmaAction = {
      type: 'ShipExchange',
      lineId: body.lineId,
      replacementSerialNumber: serial(body.replacementSerialNumber),
      carrier: body.carrier,
      trackingNumber: body.trackingNumber,
    };
    return this.run(id, action, c, res);
  }

  @Post(':rmaId/refund')
  @CommandOperation({
    ...STEP,
    summary: 'Refund a line inspected for a refund, at most its price',
    description: PAY_OUT,
    roles: ['manufacturer', 'retailer'],
    refusals: { 409: BOUGHT_BACK },
  })
  refund(
    @Param('rmaId', rmaIdPipe) id: string,
    @Body() body: PayOutDto,
    @CommandCtx() c: CommandContext,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    return this.run(
      id,
      { type: 'IssueRefund', lineId: body.lineId, amount: body.amount, reference: body.reference },
      c,
      res,
    );
  }

  @Post(':rmaId/credit')
  @CommandOperation({
    ...STEP,
    summary: 'Credit a line inspected for a credit, at most its price',
    description: PAY_OUT,
    roles: ['manufacturer'],
    refusals: { 409: BOUGHT_BACK },
  })
  credit(
    @Param('rmaId', rmaIdPipe) id: string,
    @Body() body: PayOutDto,
    @CommandCtx() c: CommandContext,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    return this.run(
      id,
      { type: 'IssueCredit', lineId: body.lineId, amount: body.amount, reference: body.reference },
      c,
      res,
    );
  }

  @Post(':rmaId/disposition')
  @Step('Record a repair, a return to the customer or scrapping of a line', 'manufacturer', 'admin')
  dispose(
    @Param('rmaId', rmaIdPipe) id: string,
    @Body() body: ApplyDispositionDto,
    @CommandCtx() c: CommandContext,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    return this.run(
      id,
      {
        type: 'ApplyDisposition',
        lineId: body.lineId,
        disposition: body.disposition,
        reference: body.reference ?? '',
      },
      c,
      res,
    );
  }

  @Post(':rmaId/exchange-switch')
  @Step('Exchange a line inspected for repair instead (its repair failed)', 'manufacturer', 'admin')
  switchToExchange(
    @Param('rmaId', rmaIdPipe) id: string,
    @Body() body: SwitchToExchangeDto,
    @CommandCtx() c: CommandContext,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const action: RmaAction = {
      type: 'SwitchLineToExchange',
      lineId: body.lineId,
      reason: body.reason,
      repairOrderId: body.repairOrderId ?? null,
    };
    return this.run(id, action, c, res);
  }

  @Post(':rmaId/cancellation')
  @Step('Cancel the RMA before anything was received', 'manufacturer', 'retailer')
  cancel(
    @Param('rmaId', rmaIdPipe) id: string,
    @Body() body: CancelRmaDto,
    @CommandCtx() c: CommandContext,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    return this.run(id, { type: 'CancelRma', reason: body.reason }, c, res);
  }

  @Post(':rmaId/closure')
  @Step('Close the RMA once every line has its disposition', 'manufacturer', 'admin')
  close(
    @Param('rmaId', rmaIdPipe) id: string,
    @Body() _body: NoBodyDto,
    @CommandCtx() c: CommandContext,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    return this.run(id, { type: 'CloseRma' }, c, res);
  }

  private async run(rmaId: string, action: RmaAction, context: CommandContext, res: FastifyReply) {
    const result = await this.actions.act(rmaId, action, context);
    return { ...rmaView(result.state as AuthorizedRma), ...receipt(res, result) };
  }
}
