import { Controller, Get, Header, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { type Actor, CLOCK, type Clock } from '@warranty/eventsourcing';
import {
  ApiProblem,
  CurrentActor,
  InputValidationError,
  parseMinPosition,
  QueryOperation,
} from '@warranty/platform';
import type { ReadOptions } from '@warranty/read-models';
import { SlaQueries, type TimerRow } from '../queries/sla.queries';
import { dueInWords } from './due-in-words';
import { renderKpiChart } from './kpi-chart';
import {
  SlaChartQueryDto,
  SlaKpisQueryDto,
  SlaSubjectQueryDto,
  SlaTimersQueryDto,
  SUBJECT_ID,
} from './dto/sla-queries.dto';
import { SlaKpisView, SlaSubjectView, SlaTimerPageView } from './responses';

const flag = (value: 'true' | 'false' | undefined) =>
  value === undefined ? undefined : value === 'true';

function readOptions(minPosition: string | undefined, response: FastifyReply): ReadOptions {
  return {
    minPosition: parseMinPosition(minPosition),
    onStale: (reached) => {
      response.header('X-Read-Model-Stale', 'true');
      response.header('X-Read-Model-Position', reached?.toString() ?? '0');
    },
  };
}

/** SLA timers and KPIs from the read models; each caller sees the subjects the access rule lets it see. */
@ApiTags('sla')
@Controller('v1/sla')
export class SlaController {
  constructor(
    private readonly queries: SlaQueries,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('timers')
  @QueryOperation({
    summary: 'SLA timers, the oldest due first, a page at a time',
    description:
      'Filters by subject, SLA, state, at risk, breached, party and due before. A manufacturer sees ' +
      'its products’, a retailer its own, a service center its repair orders’; auditors and admins all.',
    type: SlaTimerPageView,
    readModel: true,
  })
  async timers(
    @Query() query: SlaTimersQueryDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: FastifyReply,
  ) {
    const page = await this.queries.timers(
      actor,
      {
        subjectId: query.subject,
        sla: query.sla,
        state: query.state,
        atRisk: flag(query.atRisk),
        breached: flag(query.breached),
        party: query.party,
        dueBefore: query.dueBefore,
      },
      { cursor: query.cursor, limit: query.limit },
      readOptions(query.minPosition, response),
    );
    return { items: page.items.map((row) => this.view(row)), nextCursor: page.nextCursor };
  }

  @Get('subjects/:subjectId')
  @QueryOperation({
    summary: 'Every SLA of a claim, RMA or repair order, with its due time in words',
    type: SlaSubjectView,
    readModel: true,
    notFound: true,
  })
  async subject(
    @Param('subjectId') subjectId: string,
    @Query() query: SlaSubjectQueryDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: FastifyReply,
  ) {
    if (!SUBJECT_ID.test(subjectId))
      throw new InputValidationError([
        { field: 'subjectId', message: 'subjectId must be a claim, RMA or repair order id' },
      ]);
    const rows = await this.queries.subject(
      actor,
      subjectId,
      readOptions(query.minPosition, response),
    );
    if (rows.length === 0)
      throw new ApiProblem(404, 'not-found', 'Not found', `No SLA timers for ${subjectId}.`);
    return { subjectId, slas: rows.map((row) => this.view(row)) };
  }

  @Get('kpis')
  @QueryOperation({
    summary: 'SLA KPIs per manufacturer, retailer, category or month, and per SLA',
    description:
      'Counts, breach rate (breached / (met + breached)) and the 50th and 90th percentiles of the ' +
      'time used by stopped timers, computed in SQL over what the caller may see.',
    type: SlaKpisView,
  })
  async kpis(@Query() query: SlaKpisQueryDto, @CurrentActor() actor: Actor) {
    const groupBy = query.groupBy ?? 'month';
    return { groupBy, rows: await this.queries.kpis(actor, groupBy, query.sla) };
  }

  @Get('kpis.svg')
  @Header('Content-Type', 'image/svg+xml; charset=utf-8')
  @QueryOperation({
    summary: 'Breach rate and p90 per month of one SLA, as a small SVG chart',
    type: String,
    mediaType: 'image/svg+xml',
  })
  async chart(@Query() query: SlaChartQueryDto, @CurrentActor() actor: Actor) {
    const rows = await this.queries.kpis(actor, 'month', query.sla ?? 'claim_decision');
    return renderKpiChart(
      rows
        .filter((row) => row.group !== null)
        .map((row) => ({ month: row.group!, breachRate: row.breachRate ?? 0, p90Ms: row.p90Ms })),
    );
  }

  private view(row: TimerRow) {
    // The target unit only picks the words of `due`; the view does not show it.
    const { calendar, targetUnit: _unit, notComputableReason: _why, ...rest } = row;
    return { ...rest, calendarId: calendar.id, due: dueInWords(row, this.clock.now()) };
  }
}
