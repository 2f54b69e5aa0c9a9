import {
  Controller,
  Get,
  Inject,
  type InjectionToken,
  Param,
  Post,
  type Type,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  type ParkedEvent,
  type ProjectionRebuilds,
  type ProjectionRunner,
  type ProjectionStatus,
  type RebuildProgress,
  RebuildRunningError,
} from '@warranty/read-models';
import { ApiProblem } from '../errors';
import { CommandOperation, QueryOperation } from '../openapi';
import { ProjectionsStatusView, RebuildView, RedriveView } from './views';

export interface ProjectionAdminRoutes {
  /** Under a prefix the service owns, so a path router sends it there: `v1/admin/sla/projections`. */
  path: string;
  /** Prefixes the controller's name, and so its operation ids, unique in an all-in-one document. */
  name: string;
  runner: InjectionToken;
  rebuilds: InjectionToken;
}

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

const rebuildView = (p: RebuildProgress) => ({
  projection: p.projection,
  state: p.state,
  applied: p.applied,
  position: p.position?.toString() ?? null,
  head: p.head?.toString() ?? null,
  eventsPerSecond: p.eventsPerSecond,
  etaSeconds: p.etaSeconds ?? null,
  startedAt: p.startedAt.toISOString(),
  finishedAt: p.finishedAt?.toISOString() ?? null,
  error: p.error ?? null,
});

const noProjection = (name: string) =>
  new ApiProblem(404, 'projection-not-found', 'Not found', `No projection ${name} here.`);

/**
 * Operators' view of one service's read models: how far each is, the streams it had to set aside,
 * and rebuilds. Each service with a ProjectionRunner serves one under its own prefix.
 */
export function projectionAdminController(routes: ProjectionAdminRoutes): Type<unknown> {
  @ApiTags('admin')
  @Controller(routes.path)
  class ProjectionAdminController {
    constructor(
      @Inject(routes.runner) private readonly runner: ProjectionRunner,
      @Inject(routes.rebuilds) private readonly rebuilds: ProjectionRebuilds,
    ) {}

    @Get()
    @QueryOperation({
      summary: 'Each projection: checkpoint position, lag behind the store, parked streams',
      type: ProjectionsStatusView,
      roles: ['admin'],
    })
    async list() {
      return {
        projections: (await this.runner.status()).map((p: ProjectionStatus) => ({
          name: p.name,
          position: p.position?.toString() ?? null,
          lag: p.lag?.toString() ?? null,
          behindMs: p.behindMs,
          parked: p.parked.map(parkedView),
          rebuildable: this.rebuilds.canRebuild(p.name),
        })),
      };
    }

    @Post(':name/parked/:streamId/redrive')
    @CommandOperation({
      summary: 'Apply a parked stream again after a fix; 409 when its event fails again',
      type: RedriveView,
      roles: ['admin'],
      notFound: true,
      receipt: false,
    })
    async redrive(@Param('name') name: string, @Param('streamId') streamId: string) {
      if (!this.runner.projectionNames.includes(name)) throw noProjection(name);
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

    @Post(':name/rebuild')
    @CommandOperation({
      summary:
        'Rebuild a read model from position zero into fresh tables, swapped in when caught up',
      description:
        'Queries keep answering from the current tables meanwhile. 409 while a rebuild of the projection runs, or for one that is not `rebuildable`.',
      type: RebuildView,
      roles: ['admin'],
      notFound: true,
      accepted: true,
      receipt: false,
    })
    async rebuild(@Param('name') name: string) {
      if (!this.rebuilds.has(name)) throw noProjection(name);
      if (!this.rebuilds.canRebuild(name))
        throw new ApiProblem(
          409,
          'projection-not-rebuildable',
          'Conflict',
          `${name} acts outside its own tables (it sends webhooks or appends events), so replaying it from position zero would act again; it is not rebuilt.`,
        );
      try {
        return rebuildView(await this.rebuilds.start(name));
      } catch (error) {
        if (error instanceof RebuildRunningError)
          throw new ApiProblem(409, 'rebuild-running', 'Conflict', error.message);
        throw error;
      }
    }

    @Get(':name/rebuild')
    @QueryOperation({
      summary: 'Progress of the latest rebuild this instance started: events/s, ETA, outcome',
      type: RebuildView,
      roles: ['admin'],
      notFound: true,
    })
    rebuildStatus(@Param('name') name: string) {
      const progress = this.rebuilds.has(name) ? this.rebuilds.status(name) : undefined;
      if (!progress)
        throw new ApiProblem(404, 'no-rebuild', 'Not found', `No rebuild of ${name} started here.`);
      return rebuildView(progress);
    }
  }
  Object.defineProperty(ProjectionAdminController, 'name', {
    value: `${routes.name}ProjectionsController`,
  });
  return ProjectionAdminController;
}
