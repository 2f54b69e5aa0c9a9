import { Controller, Get, Query } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { Public, QueryOperation } from '@warranty/platform';
import { FulfilmentReactor } from '../reactions/fulfilment.reactor';
import { WorkflowProgressQueryDto, WorkflowProgressView } from './workflow-progress.dto';

class ParkedCommandView {
  @ApiProperty() eventId!: string;
  @ApiProperty({
    description:
      'The command given up on, or `reaction` for an event the workflow could not handle',
  })
  commandType!: string;
  @ApiProperty() streamId!: string;
  @ApiProperty() error!: string;
}

class WorkflowStatusView {
  @ApiProperty({ nullable: true, type: String, description: 'Global position handled last' })
  position!: string | null;

  @ApiProperty({ type: [ParkedCommandView] })
  parked!: ParkedCommandView[];
}

/** Operators' view of the workflow: how far it is, and the commands and events it gave up on. */
@ApiTags('workflow')
@Controller('v1/workflow')
export class WorkflowController {
  constructor(private readonly reactor: FulfilmentReactor) {}

  @Get()
  @QueryOperation({
    summary: 'The workflow’s checkpoint and its parked commands',
    type: WorkflowStatusView,
    roles: ['admin'],
  })
  async status() {
    const position = await this.reactor.book.checkpoint();
    return { position: position?.toString() ?? null, parked: await this.reactor.book.parked() };
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
