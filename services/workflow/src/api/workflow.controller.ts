import { Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiProblem, CommandOperation, Public, QueryOperation } from '@warranty/platform';
import { RedriveRunningError } from '../adapters/workflow-book';
import { FulfilmentReactor } from '../reactions/fulfilment.reactor';
import { WorkflowRedrive } from '../reactions/workflow-redrive';
import { parkedView, WorkflowRedriveView, WorkflowStatusView } from './workflow-parked.dto';
import { WorkflowProgressQueryDto, WorkflowProgressView } from './workflow-progress.dto';

const eventIdPipe = new ParseUUIDPipe();

/** Operators' view of the workflow: how far it is, what it gave up on, and a redrive after the fix. */
@ApiTags('workflow')
@Controller('v1/workflow')
export class WorkflowController {
  constructor(
    private readonly reactor: FulfilmentReactor,
    private readonly redrives: WorkflowRedrive,
  ) {}

  @Get()
  @QueryOperation({
    summary: 'The workflow’s checkpoint, and the events and commands it parked',
    type: WorkflowStatusView,
    roles: ['admin'],
  })
  async status() {
    const position = await this.reactor.book.checkpoint();
    const parked = await this.reactor.book.parked();
    return { position: position?.toString() ?? null, parked: parked.map(parkedView) };
  }

  @Post('parked/:eventId/redrive')
  @CommandOperation({
    summary: 'Run a parked event’s reaction again after a fix; 409 when it fails again',
    description:
      'The reaction runs as the live workflow runs it, its commands with the same Idempotency-Keys, ' +
      'so one that went through before is answered again and writes nothing; a parked command is ' +
      'sent again from the case its reaction first started from. Done, the event is no longer ' +
      'parked. Failing again (409 `redrive-failed`), it stays parked with the new error. 409 ' +
      '`redrive-running` while another redrive of the event runs; 404 `event-not-parked` when ' +
      'nothing is parked for it. A command is retried with backoff as on the live path, so the ' +
      'answer may take some seconds.',
    type: WorkflowRedriveView,
    roles: ['admin'],
    notFound: true,
    receipt: false,
  })
  async redrive(@Param('eventId', eventIdPipe) eventId: string) {
    let result;
    try {
      result = await this.redrives.redrive(eventId);
    } catch (error) {
      if (error instanceof RedriveRunningError)
        throw new ApiProblem(409, 'redrive-running', 'Conflict', error.message);
      throw error;
    }
    if (!result)
      throw new ApiProblem(
        404,
        'event-not-parked',
        'Not found',
        `The workflow has nothing parked for event ${eventId}.`,
      );
    if (!result.redriven)
      throw new ApiProblem(
        409,
        'redrive-failed',
        'Conflict',
        `The parked event failed again: ${result.parked.map((p) => p.error).join('; ')}`,
        { parked: result.parked.map(parkedView) },
      );
    const { event, sent } = result;
    return {
      eventId: event.id,
      eventType: event.type,
      streamId: event.streamId,
      position: event.position.toString(),
      sent,
    };
  }

  /** Public: it tells positions only, which every command answer tells its caller anyway. */
  @Get('progress')
  @Public()
  @QueryOperation({
    summary: 'Whether the workflow has handled the log up to a position, and what it wrote for it',
    description:
      'For the case view of another process: it waits (bounded by `waitMs`) until the workflow has ' +
      'handled every event up to `after`, then the events its own commands wrote, a few hops on.',
    type: WorkflowProgressView,
    public: true,
  })
  async progress(@Query() query: WorkflowProgressQueryDto) {
    const settled = await this.reactor.settledThrough(BigInt(query.after), query.waitMs ?? 0);
    return {
      caughtUp: settled.caughtUp,
      frontier: settled.frontier?.toString() ?? null,
      reached: settled.reached?.toString() ?? null,
    };
  }
}
