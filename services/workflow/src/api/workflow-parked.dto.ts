import { ApiProperty } from '@nestjs/swagger';
import { INSTANT } from '@warranty/platform';
import type { Parked } from '../domain/parking';

export class WorkflowParkedView {
  @ApiProperty({
    format: 'uuid',
    description: 'The event; `POST …/parked/{eventId}/redrive` takes it',
  })
  eventId!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Its type; null for an entry parked before the type was kept',
  })
  eventType!: string | null;

  @ApiProperty({
    description:
      'The command given up on, or `reaction` for an event the workflow could not handle',
  })
  commandType!: string;

  @ApiProperty() streamId!: string;
  @ApiProperty({ description: 'Global position of the event, as a decimal string' })
  position!: string;

  @ApiProperty({
    type: 'integer',
    description: 'Tries so far: the reaction’s, or the command’s sends; each redrive adds its own',
  })
  attempts!: number;

  @ApiProperty({ description: 'The last failure' }) error!: string;
  @ApiProperty(INSTANT) parkedAt!: string;
  @ApiProperty(INSTANT) lastFailedAt!: string;
}

export class WorkflowStatusView {
  @ApiProperty({ nullable: true, type: String, description: 'Global position handled last' })
  position!: string | null;

  @ApiProperty({ type: [WorkflowParkedView], description: 'Oldest event first' })
  parked!: WorkflowParkedView[];
}

export class WorkflowRedriveView {
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty() eventType!: string;
  @ApiProperty() streamId!: string;
  @ApiProperty({ description: 'Global position of the event, as a decimal string' })
  position!: string;

  @ApiProperty({
    type: [String],
    description:
      'The commands of the reaction done this time, in order: accepted (a command that went through before is answered again and writes nothing), or the aggregate already past the step',
  })
  sent!: string[];
}

export const parkedView = (p: Parked): WorkflowParkedView => ({
  eventId: p.eventId,
  eventType: p.eventType,
  commandType: p.commandType,
  streamId: p.streamId,
  position: p.position.toString(),
  attempts: p.attempts,
  error: p.error,
  parkedAt: p.parkedAt.toISOString(),
  lastFailedAt: p.lastFailedAt.toISOString(),
});
