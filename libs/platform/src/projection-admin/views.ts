import { ApiProperty } from '@nestjs/swagger';
import { INSTANT } from '../openapi/formats';

const NULLABLE_STRING = { type: 'string', nullable: true } as const;

export class ParkedEventView {
  @ApiProperty() streamId!: string;
  @ApiProperty({ type: 'integer' }) revision!: number;
  @ApiProperty({ description: 'Global position, as a decimal string' }) position!: string;
  @ApiProperty() eventType!: string;
  @ApiProperty({ description: 'Why the projection could not apply it' }) error!: string;
  @ApiProperty(INSTANT) firstFailedAt!: string;
  @ApiProperty(INSTANT) lastFailedAt!: string;
  @ApiProperty({ type: 'integer' }) attempts!: number;
  @ApiProperty({ type: 'integer', description: 'Later events of the stream held behind it' })
  heldBehind!: number;
}

export class ProjectionStatusView {
  @ApiProperty() name!: string;
  @ApiProperty({ ...NULLABLE_STRING, description: 'Checkpoint position; null before the first' })
  position!: string | null;
  @ApiProperty({ ...NULLABLE_STRING, description: 'Store head minus checkpoint; 0 when caught up' })
  lag!: string | null;
  @ApiProperty({ type: 'integer', description: 'How long it has been behind a head it saw, in ms' })
  behindMs!: number;
  @ApiProperty({ type: [ParkedEventView] }) parked!: ParkedEventView[];
  @ApiProperty({
    description:
      'Whether POST …/{name}/rebuild can replay it; false for one whose effects live outside its tables (webhooks sent, events appended)',
  })
  rebuildable!: boolean;
}

export class ProjectionsStatusView {
  @ApiProperty({ type: [ProjectionStatusView] }) projections!: ProjectionStatusView[];
}

export class RedriveView {
  @ApiProperty() projection!: string;
  @ApiProperty() streamId!: string;
  @ApiProperty({ type: 'integer', description: 'Parked events applied, in order' })
  applied!: number;
}

export class RebuildView {
  @ApiProperty() projection!: string;
  @ApiProperty({ enum: ['running', 'swapped', 'failed'] }) state!: string;
  @ApiProperty({ type: 'integer', description: 'Events applied to the fresh tables so far' })
  applied!: number;
  @ApiProperty({ ...NULLABLE_STRING, description: 'Last position applied, as a decimal string' })
  position!: string | null;
  @ApiProperty({ ...NULLABLE_STRING, description: 'The store head when last looked at' })
  head!: string | null;
  @ApiProperty({ type: 'integer' }) eventsPerSecond!: number;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Seconds left, when known' })
  etaSeconds!: number | null;
  @ApiProperty(INSTANT) startedAt!: string;
  @ApiProperty({ ...INSTANT, nullable: true }) finishedAt!: string | null;
  @ApiProperty({ ...NULLABLE_STRING, description: 'Why it failed; the live tables are untouched' })
  error!: string | null;
}
