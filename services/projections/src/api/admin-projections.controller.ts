import { Controller, Get, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiProblem, CommandOperation, QueryOperation } from '@warranty/platform';
import { type ParkedEvent, ProjectionRunner, type ProjectionStatus } from '@warranty/read-models';
import { ProjectionsStatusView, RedriveView } from './responses/admin-projections.response';

const parkedView = (p: ParkedEvent) => ({
  streamId: p.streamId,
  revision: p.revision,
  position: p.position.toString(),
  eventType: p.eventType,
  error: p.error,
  firstFailedAt: p.firstFailedAt.toISOString(),
  lastFailedAt: p.lastFailedAt.toISOString(),
  attempts: p.attempts,
  heldBehind: p.heldBehind,
});

const projectionView = (p: ProjectionStatus) => ({
  name: p.name,
  position: p.position?.toString() ?? null,
  lag: p.lag?.toString() ?? null,
  behindMs: p.behindMs,
  parked: p.parked.map(parkedView),
});

/** Operators' view of the read models: how far each is, and the streams it had to set aside. */
@ApiTags('admin')
@Controller('v1/admin/projections')
export class AdminProjectionsController {
  constructor(private readonly runner: ProjectionRunner) {}

  @Get()
  @QueryOperation({
    summary: 'Each projection: checkpoint position, lag behind the store, parked streams',
    type: ProjectionsStatusView,
    roles: ['admin'],
  })
  async list() {
    return { projections: (await this.runner.status()).map(projectionView) };
  }

  @Post(':name/parked/:streamId/redrive')
  @CommandOperation({
    summary: 'Apply a parked stream again after a fix; 409 when its event fails again',
    type: RedriveView,
    roles: ['admin'],
    notFound: true,
  })
  async redrive(@Param('name') name: string, @Param('streamId') streamId: string) {
    if (!this.runner.projectionNames.includes(name))
      throw new ApiProblem(404, 'projection-not-found', 'Not found', `No projection ${name}.`);
    // PostgreSQL text cannot hold NUL, and no stream id has one.
    const result = streamId.includes('\u0000')
      ? undefined
      : await this.runner.redrive(name, streamId);
    if (!result)
      throw new ApiProblem(
        404,
        'stream-not-parked',
        'Not found',
        `${name} has nothing parked for ${streamId}.`,
      );
    if (result.stillParked)
      throw new ApiProblem(
        409,
        'redrive-failed',
        'Conflict',
        `The parked event failed again: ${result.stillParked.error}`,
        { applied: result.applied, parked: parkedView(result.stillParked) },
      );
    return { projection: name, streamId, applied: result.applied };
  }
}
