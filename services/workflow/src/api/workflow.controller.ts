import { Controller, Get } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { QueryOperation } from '@warranty/platform';
import { FulfilmentReactor } from '../reactions/fulfilment.reactor';

class ParkedCommandView {
  @ApiProperty() eventId!: string;
  @ApiProperty() commandType!: string;
  @ApiProperty() streamId!: string;
  @ApiProperty() error!: string;
}

class WorkflowStatusView {
  @ApiProperty({ nullable: true, type: String, description: 'Global position handled last' })
  position!: string | null;

  @ApiProperty({ type: [ParkedCommandView] })
  parked!: ParkedCommandView[];
}

/** Operators' view of the workflow: how far it is, and the commands it gave up on. */
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
}
