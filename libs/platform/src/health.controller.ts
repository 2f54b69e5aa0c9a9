import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import type { Pool } from 'pg';
import { Public } from './auth';
import { PG_POOL } from './database';
import { type ReadinessCheck, ReadinessChecks, type ReadinessReport } from './readiness';

/**
 * Readiness: 503 only while this process cannot serve (a dependency down, start-up unfinished).
 * Degraded (a parked event, a lagging read model) stays 200 with status `degraded`: every replica
 * shares that state, so a 503 would take them all out of the load balancer for one bad event.
 */
@ApiExcludeController()
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly checks: ReadinessChecks,
  ) {}

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) response: FastifyReply) {
    const reports = await Promise.all(
      [
        ['postgres', () => this.postgres()] as [string, ReadinessCheck],
        ...this.checks.entries(),
      ].map(async ([name, check]) => [name, await run(check)] as const),
    );
    const details = Object.fromEntries(reports);
    const statuses = reports.map(([, report]) => report.status);
    if (statuses.includes('down')) {
      response.status(HttpStatus.SERVICE_UNAVAILABLE);
      return { status: 'error', details };
    }
    return { status: statuses.includes('degraded') ? 'degraded' : 'ok', details };
  }

  private async postgres(): Promise<ReadinessReport> {
    await this.pool.query('SELECT 1');
    return { status: 'up' };
  }
}

async function run(check: ReadinessCheck): Promise<ReadinessReport> {
  try {
    return await check();
  } catch (error) {
    return { status: 'down', message: error instanceof Error ? error.message : String(error) };
  }
}
