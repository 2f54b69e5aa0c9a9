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
import { type RepairAction, RepairActions } from '../application/repair-actions.service';
import { RepairIntake } from '../application/repair-intake.service';
import type { RepairOrder } from '../domain/repair-order.state';
import {
  AssignTechnicianDto,
  DeclineEstimateDto,
  DiagnosisDto,
  NoBodyDto,
  NotesDto,
  OpenRepairOrderDto,
  PartsOrderDto,
  PartsReceiptDto,
  QualityCheckDto,
  ReassignmentDto,
  RepairOrderAsOfDto,
  ShipmentDto,
  UnrepairableDto,
  WorkLogDto,
} from './dto/repair-order.dto';
import { historyEntry, repairOrderView } from './repair-order.view';
import {
  RepairOrderHistoryView,
  RepairOrderReadView,
  RepairOrderReceiptView,
} from './responses/repair-order.response';

// Random ids are version 4; those derived from an Idempotency-Key version 5.
const idPipe = new ParseUUIDPipe();

/** A step of an existing order, by one of these roles (admins may do every step). */
const Step = (summary: string, ...roles: ApiRole[]) =>
  CommandOperation({
    summary,
    type: RepairOrderReceiptView,
    roles: [...roles, 'admin'],
    notFound: true,
    ifMatch: true,
  });

/** The service center's own work on an order assigned to it. */
const Work = (summary: string) => Step(summary, 'service_center');

@ApiTags('repairs')
@Controller('v1/repair-orders')
export class RepairOrdersController {
  constructor(
    private readonly intake: RepairIntake,
    private readonly actions: RepairActions,
  ) {}

  @Post()
  @CommandOperation({
    summary: 'Open a repair order at a service center (the manufacturer)',
    description:
      'Coverage (parts and labor on the day it opens) comes from the unit’s registration, unless `goodwill` says the manufacturer pays as if covered; the service center’s repair rates are taken into the order.',
    type: RepairOrderReceiptView,
    creates: true,
    roles: ['manufacturer', 'admin'],
  })
  async open(
    @Body() body: OpenRepairOrderDto,
    @CommandCtx() context: CommandContext,
    @Res({ passthrough: true }) res: FastifyReply,
    @Headers('idempotency-key') idempotencyKey?: string,
  ) {
    const result = await this.intake.open(body, context, { idempotencyKey });
    const order = result.state as RepairOrder;
    res.header('Location', `/v1/repair-orders/${order.repairOrderId}`);
    return { ...repairOrderView(order), ...receipt(res, result) };
  }

  @Get(':repairOrderId')
  @QueryOperation({
    summary: 'Read a repair order; with asOf, as it stood then',
    description: 'ETag is sent only without asOf.',
    type: RepairOrderReadView,
    notFound: true,
    etag: true,
  })
  async get(
    @Param('repairOrderId', idPipe) repairOrderId: string,
    @Query() query: RepairOrderAsOfDto,
    @CommandCtx() context: CommandContext,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const { order, revision } = await this.actions.get(
      repairOrderId,
      context,
      asOfDate(query.asOf),
    );
    return { ...repairOrderView(order), ...aggregateRead(res, revision, query.asOf) };
  }

  @Get(':repairOrderId/history')
  @QueryOperation({
    summary: 'Every event of the repair order with its envelope; with asOf, those up to then',
    type: RepairOrderHistoryView,
    notFound: true,
  })
  async history(
    @Param('repairOrderId', idPipe) repairOrderId: string,
    @Query() query: RepairOrderAsOfDto,
    @CommandCtx() context: CommandContext,
  ) {
    const events = await this.actions.history(repairOrderId, context, asOfDate(query.asOf));
    return { repairOrderId, events: events.map(historyEntry) };
  }

  @Post(':repairOrderId/assignment')
  @Work('Assign (or change) the technician')
  assign(
    @Param('repairOrderId', idPipe) id: string,
    @Body() body: AssignTechnicianDto,
    @CommandCtx() c: CommandContext,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    return this.run(id, { type: 'AssignTechnician', technician: body.technician }, c, res);
  }

  @Post(':repairOrderId/diagnosis')
  @Work(
    'Record findings, fault code and the estimate; it waits for approval when the customer pays a part',
  )
  diagnose(
    @Param('repairOrderId', idPipe) id: string,
    @Body() body: DiagnosisDto,
    @CommandCtx() c: CommandContext,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const action: RepairAction = {
      type: 'RecordDiagnosis',
      findings: body.findings,
      faultCode: body.faultCode,
      parts: body.parts,
      laborMinutes: body.laborMinutes,
    };
    return this.run(id, action, c, res);
  }

  @Post(':repairOrderId/estimate-approval')
  @Step('Approve the estimate for the customer (the retailer that sold the unit)', 'retailer')
  approve(
    @Param('repairOrderId', idPipe) id: string,
    @Body() _body: NoBodyDto,
    @CommandCtx() c: CommandContext,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    return this.run(id, { type: 'ApproveEstimate' }, c, res);
  }

  @Post(':repairOrderId/estimate-decline')
  @Step(
    'Decline the estimate for the customer: the unit goes back unrepaired, with the diagnosis fee',
    'retailer',
  )
  decline(
    @Param('repairOrderId', idPipe) id: string,
    @Body() body: DeclineEstimateDto,
    @CommandCtx() c: CommandContext,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    return this.run(id, { type: 'DeclineEstimate', reason: body.reason }, c, res);
  }

  @Post(':repairOrderId/parts-orders')
  @Work('Order parts (SKU, quantity, unit cost)')
  orderParts(
    @Param('repairOrderId', idPipe) id: string,
    @Body() body: PartsOrderDto,
    @CommandCtx() c: CommandContext,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const action: RepairAction = {
      type: 'OrderParts',
      parts: body.parts,
      supplierReference: body.supplierReference ?? '',
    };
    return this.run(id, action, c, res);
  }

  @Post(':repairOrderId/parts-receipts')
  @Work('Receive ordered parts; the repair starts once nothing is outstanding')
  receiveParts(
    @Param('repairOrderId', idPipe) id: string,
    @Body() body: PartsReceiptDto,
    @CommandCtx() c: CommandContext,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    return this.run(id, { type: 'ReceiveParts', parts: body.parts }, c, res);
  }

  @Post(':repairOrderId/work-logs')
  @Work('Log labor minutes')
  logWork(
    @Param('repairOrderId', idPipe) id: string,
    @Body() body: WorkLogDto,
    @CommandCtx() c: CommandContext,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const action: RepairAction = {
      type: 'LogRepairWork',
      laborMinutes: body.laborMinutes,
      notes: body.notes ?? '',
    };
    return this.run(id, action, c, res);
  }

  @Post(':repairOrderId/completion')
  @Work('Complete the repair: it goes to quality check')
  complete(
    @Param('repairOrderId', idPipe) id: string,
    @Body() body: NotesDto,
    @CommandCtx() c: CommandContext,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    return this.run(id, { type: 'CompleteRepair', notes: body.notes ?? '' }, c, res);
  }

  @Post(':repairOrderId/quality-checks')
  @Work('Record a quality check; a failure goes back to in_repair, the third is flagged')
  qualityCheck(
    @Param('repairOrderId', idPipe) id: string,
    @Body() body: QualityCheckDto,
    @CommandCtx() c: CommandContext,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const action: RepairAction = {
      type: 'RecordQualityCheck',
      passed: body.passed,
      notes: body.notes ?? '',
    };
    return this.run(id, action, c, res);
  }

  @Post(':repairOrderId/shipment')
  @Work('Ship the unit back (carrier and tracking)')
  ship(
    @Param('repairOrderId', idPipe) id: string,
    @Body() body: ShipmentDto,
    @CommandCtx() c: CommandContext,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const action: RepairAction = {
      type: 'ShipUnitBack',
      carrier: body.carrier,
      trackingNumber: body.trackingNumber,
    };
    return this.run(id, action, c, res);
  }

  @Post(':repairOrderId/closure')
  @Step(
    'Close a shipped order: parts and labor cost, and what the manufacturer reimburses',
    'service_center',
    'manufacturer',
  )
  close(
    @Param('repairOrderId', idPipe) id: string,
    @Body() _body: NoBodyDto,
    @CommandCtx() c: CommandContext,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    return this.run(id, { type: 'CloseRepairOrder' }, c, res);
  }

  @Post(':repairOrderId/unrepairable')
  @Work('Declare the unit unrepairable: the order ends and asks for a replacement')
  unrepairable(
    @Param('repairOrderId', idPipe) id: string,
    @Body() body: UnrepairableDto,
    @CommandCtx() c: CommandContext,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    return this.run(id, { type: 'DeclareUnrepairable', reason: body.reason }, c, res);
  }

  @Post(':repairOrderId/reassignment')
  @Step(
    'Move the order to another service center, before work starts (opened or assigned)',
    'manufacturer',
  )
  reassign(
    @Param('repairOrderId', idPipe) id: string,
    @Body() body: ReassignmentDto,
    @CommandCtx() c: CommandContext,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const action: RepairAction = {
      type: 'ReassignRepairOrder',
      serviceCenterId: body.serviceCenterId,
      reason: body.reason,
    };
    return this.run(id, action, c, res);
  }

  private async run(
    repairOrderId: string,
    action: RepairAction,
    context: CommandContext,
    res: FastifyReply,
  ) {
    const result = await this.actions.act(repairOrderId, action, context);
    return { ...repairOrderView(result.state as RepairOrder), ...receipt(res, result) };
  }
}
